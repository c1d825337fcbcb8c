/** Port map and network shapes the API answers with, shared by the server and the browser. */
import type { THostOutcome } from './fleet';
import type { THostRef } from './images';

export type TPortProto = 'tcp' | 'udp' | 'sctp';

/**
 * Which addresses a claim covers: every address of the host (an empty or wildcard host IP), all IPv4
 * (`0.0.0.0`), all IPv6 (`::`), or one address.
 */
export type TAddressScope = 'all' | 'ipv4' | 'ipv6' | 'specific';

/** Who holds a claim: a container, a reservation, or (with the Releases area) a service spec. */
export type TPortHolder =
  | { kind: 'container'; id: string; name: string; service: string | null; state: string }
  | { kind: 'reservation'; id: string; note: string; by: string; service: string | null }
  | {
      kind: 'spec';
      id: string;
      name: string;
      service: string;
      /** The name the service's container has on the host (the spec's containerName, or the service's name). */
      container?: string;
    };

/**
 * One host port held by someone. `bound`: a running container holds it now; `claimed`: a stopped
 * container (or a spec) will take it when it starts; `reserved`: planned in Wharf.
 */
export type TPortClaim = {
  hostIp: string;
  scope: TAddressScope;
  port: number;
  proto: TPortProto;
  containerPort: number | null;
  state: 'bound' | 'claimed' | 'reserved';
  /** `spec`: the host port was asked for; `random`: the engine picked it (`-P` or an empty host port). */
  chosen: 'spec' | 'random' | null;
  holder: TPortHolder;
};

/** A container on the host network: its ports are the host's, and the engine cannot say which it binds. */
export type THostNetworkContainer = {
  id: string;
  name: string;
  service: string | null;
  state: string;
  /** The image's EXPOSE ports, only a hint of what it may bind. */
  exposed: string[];
};

export type TPortReservation = {
  id: string;
  host: THostRef;
  port: number;
  proto: TPortProto;
  /** Empty for every address. */
  hostIp: string;
  service: string | null;
  note: string;
  createdBy: string;
  createdAt: string;
};

export type TPortConflictKind =
  | 'reservation-bound'
  | 'double-reservation'
  | 'stopped-would-fail'
  | 'spec-double'
  | 'spec-taken';

export type TPortConflict = {
  kind: TPortConflictKind;
  host: THostRef;
  port: number;
  proto: TPortProto;
  message: string;
  claims: TPortClaim[];
};

export type THostPorts = {
  host: THostRef;
  claims: TPortClaim[];
  hostNetwork: THostNetworkContainer[];
  conflicts: TPortConflict[];
  /** The engine's ephemeral range, from which it picks random host ports. */
  ephemeral: { from: number; to: number };
};

export type TPortSuggestion = {
  host: THostRef;
  proto: TPortProto;
  from: number;
  to: number;
  ports: number[];
};

/** The same service published on different host ports on different hosts. */
export type TPortInconsistency = {
  service: string;
  containerPort: number;
  proto: TPortProto;
  hosts: { host: THostRef; ports: number[] }[];
  message: string;
};

export type TFleetPortConflicts = {
  conflicts: TPortConflict[];
  inconsistencies: TPortInconsistency[];
  hosts: THostOutcome[];
};

/** The answer to "may this service take this port?", asked by the release preflight. */
export type TPortCheck = { free: true } | { free: false; holder: TPortHolder; message: string };

export type TNetworkMember = {
  id: string;
  name: string;
  service: string | null;
  ipv4: string | null;
  ipv6: string | null;
  mac: string | null;
};

export type TNetworkFlag = {
  kind: 'host-network' | 'legacy-links' | 'subnet-overlap';
  message: string;
  containers: string[];
  networks: string[];
};

export type TNetwork = {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  attachable: boolean;
  ipv6: boolean;
  subnets: { subnet: string; gateway: string | null }[];
  members: TNetworkMember[];
  createdAt: string | null;
  labels: Record<string, string>;
};

export type THostNetworks = { host: THostRef; networks: TNetwork[]; flags: TNetworkFlag[] };

export type TFleetNetworks = {
  networks: (TNetwork & { host: THostRef })[];
  /** Flags of every host, and subnets that overlap across hosts on drivers that share a network. */
  flags: (TNetworkFlag & { hosts: string[] })[];
  hosts: THostOutcome[];
};
