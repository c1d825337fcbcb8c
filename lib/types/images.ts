/** Image shapes the API answers with, shared by the server and the browser. */
import type { TagKind } from '@/lib/images/reference';
import type { TEnvVar, THostResult } from './fleet';

export type THostRef = { id: string; name: string };

/** A container that uses an image, running or not. */
export type TImageUser = { id: string; name: string; state: string; service: string | null };

/** One image on one host, from the engine's image list (no per-image inspect). */
export type THostImage = {
  id: string;
  /** `repository:tag` as the engine reports them; empty for a dangling image. */
  repoTags: string[];
  repoDigests: string[];
  size: number;
  createdAt: string;
  labels: Record<string, string>;
  dangling: boolean;
  containers: TImageUser[];
};

export type THostImages = { host: THostRef; images: THostImage[] };

export type TImageLayer = {
  /** The history entry's image id where the engine knows it (locally built), else null. */
  id: string | null;
  createdAt: string;
  createdBy: string;
  size: number;
  comment: string;
  /** A history step that added no layer (ENV, LABEL, CMD ...). */
  empty: boolean;
};

export type TImageHealthcheck = {
  test: string[];
  intervalSeconds: number | null;
  timeoutSeconds: number | null;
  startPeriodSeconds: number | null;
  retries: number | null;
};

/** The image page: the list facts plus what inspect and history say. */
export type TImageDetail = THostImage & {
  host: THostRef;
  architecture: string;
  os: string;
  author: string;
  entrypoint: string[];
  cmd: string[];
  workingDir: string;
  user: string;
  env: TEnvVar[];
  exposedPorts: string[];
  healthcheck: TImageHealthcheck | null;
  /** The root file system's layer diff ids, base first. */
  rootfsLayers: string[];
  /** History, oldest first. */
  layers: TImageLayer[];
};

export type TDriftKind =
  /** The same repository:tag is a different image on different hosts. */
  | 'hosts-differ'
  /** A host's image for the tag is not the registry's current digest: the tag moved after the pull. */
  | 'registry-moved'
  /** A Git-SHA tag's digest changed at all: an alarm. */
  | 'sha-tag-moved'
  /** A running container's image is no longer what its tag points to on its host. */
  | 'stale-container'
  /** A running container uses a mutable tag such as `latest`. */
  | 'mutable-tag'
  /** An app image without a Git-SHA tag, or a base or middleware image without a version tag. */
  | 'tag-policy';

export type TDriftSeverity = 'alarm' | 'warning' | 'notice';

export type TDrift = {
  kind: TDriftKind;
  severity: TDriftSeverity;
  /** A sentence a person can act on. */
  message: string;
  /** Names of the hosts concerned. */
  hosts: string[];
  /** Containers concerned, for stale-container and mutable-tag. */
  containers?: { host: string; id: string; name: string }[];
  /** Digests or image ids involved, e.g. the old and the new digest of a moved tag. */
  digests?: string[];
};

export type TImageRole = 'app' | 'middleware' | 'base' | 'unknown';

/** One repository:tag across the fleet. */
export type TFleetImage = {
  /** `repository:tag` as the engines report it. */
  ref: string;
  /** `domain/path`, e.g. `127.0.0.1:5055/wharf-demo/app` or `docker.io/library/nginx`. */
  repository: string;
  tag: string;
  tagKind: TagKind;
  role: TImageRole;
  /** The configured registry that serves this repository, if any. */
  registry: { id: string; name: string } | null;
  /** The registry's current digest for the tag; null when unknown. */
  registryDigest: string | null;
  /** Why the registry digest is unknown, when it was asked and failed. */
  registryError: string | null;
  revision: string | null;
  source: string | null;
  hosts: {
    host: THostRef;
    imageId: string;
    /** This repository's digest on that host (from RepoDigests), null for a local build. */
    digest: string | null;
    size: number;
    createdAt: string;
    running: number;
    containers: number;
  }[];
  drift: TDrift[];
};

export type TDriftCounts = { alarm: number; warning: number; notice: number };

export type TFleetImages = {
  items: TFleetImage[];
  /** Hosts whose image list could not be read, with the reason. */
  hosts: THostResult<{ images: number }>[];
  registries: { id: string; name: string; ok: boolean; error: string | null }[];
  /** Drift per host name and in total, for the badges on hosts and the overview. */
  driftByHost: Record<string, TDriftCounts>;
  drift: TDriftCounts;
  checkedAt: string;
};

export type TLineageNode = {
  /** The image id (the same on every host that has the image). */
  id: string;
  refs: string[];
  hosts: string[];
  parentId: string | null;
  /** 1 for a base OS image. */
  depth: number;
  layers: number;
  role: TImageRole;
  /** Services (`wharf.service`) running on this image or on any image built on it: its blast radius. */
  services: string[];
  runningContainers: number;
  /** Set when the image stands more than three levels deep. */
  warning: string | null;
};

export type TLineage = {
  nodes: TLineageNode[];
  /** Hosts whose images could not be read. */
  errors: { host: string; message: string }[];
};

export type TPruneCandidate = {
  id: string;
  /** `repository@digest` references an untagged image may still carry. */
  repoDigests: string[];
  size: number;
  createdAt: string;
};

export type TPrunePreview = {
  host: THostRef;
  images: TPruneCandidate[];
  reclaimBytes: number;
  /** Send this back to confirm; the prune is refused if the set changed since. */
  confirm: string;
};

export type TPruneResult = {
  host: THostRef;
  deleted: string[];
  reclaimedBytes: number;
  /** Images the engine would not remove after all (e.g. a container started on one meanwhile). */
  failed: { id: string; message: string }[];
};

/** What removing an image, or one of its several tags, did on the host. */
export type TImageRemoveResult = {
  host: THostRef;
  id: string;
  untagged: string[];
  deleted: string[];
};

/** One line of pull progress, as streamed to the browser (NDJSON). */
export type TPullEvent =
  | {
      type: 'progress';
      host: string;
      id: string | null;
      status: string;
      current: number | null;
      total: number | null;
    }
  | { type: 'done'; host: string; imageId: string | null; digest: string | null }
  | { type: 'error'; host: string; message: string };

export type { THostResult };
