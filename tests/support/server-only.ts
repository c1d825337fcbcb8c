// Stands in for the `server-only` package, which throws outside the react-server condition.
export {};
