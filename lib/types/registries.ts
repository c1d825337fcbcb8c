/** Registry shapes the API answers with, shared by the server and the browser. */

/** A configured registry; the password never leaves the server. */
export type TRegistry = {
  id: string;
  name: string;
  url: string;
  username: string | null;
  hasPassword: boolean;
  /** Hosts besides the registry's own whose bearer-token realm may be followed. */
  tokenHosts: string[];
  timeoutMs: number;
  createdAt: string;
  updatedAt: string;
};

export type TRepositoryPage = { items: string[]; nextCursor: string | null };

export type TPlatform = { os: string; architecture: string; variant: string | null; digest: string };

/** A tag of a repository with what its manifest and config say. */
export type TRegistryTag = {
  name: string;
  digest: string | null;
  mediaType: string | null;
  /** Config plus layers, in bytes, for a single-platform image; the sum over platforms for an index. */
  size: number | null;
  createdAt: string | null;
  architecture: string | null;
  os: string | null;
  /** Set for a manifest list or OCI index. */
  platforms: TPlatform[] | null;
  labels: Record<string, string>;
  revision: string | null;
  source: string | null;
  /** Where this tag's digest runs now. */
  runsOn: { hosts: string[]; services: string[] };
  /** Why the details of this tag could not be read. */
  error: string | null;
};

export type TTagPage = { repository: string; items: TRegistryTag[]; nextCursor: string | null };

/** The tag names of a repository in the registry's order, every page followed (`details=false`). */
export type TTagNames = { repository: string; tags: string[] };

export type TManifestDetail = {
  repository: string;
  reference: string;
  digest: string;
  mediaType: string;
  platforms: TPlatform[] | null;
  layers: { digest: string; size: number; mediaType: string }[];
  config: {
    digest: string;
    createdAt: string | null;
    architecture: string | null;
    os: string | null;
    labels: Record<string, string>;
  } | null;
  size: number;
};
