/**
 * Image references by the distribution reference grammar
 * (`[domain[:port]/]path[:tag][@digest]`), parsed before anything reaches Docker or a registry.
 */

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|-+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?`;

const PATH_RE = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);
export const TAG_RE = /^[\w][\w.-]{0,127}$/;
export const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const SHA256_DIGEST_RE = /^sha256:[0-9a-f]{64}$/;

export const NAME_MAX = 255;
export const DOCKER_HUB = 'docker.io';

export type ImageReference = {
  /** The registry host as written, `docker.io` when none was. */
  domain: string;
  /** The repository path inside the registry, `library/nginx` for `nginx`. */
  path: string;
  /** `domain/path`, the key Wharf groups by. */
  repository: string;
  tag: string | null;
  digest: string | null;
};

export class InvalidReference extends Error {}

function fail(message: string): never {
  throw new InvalidReference(message);
}

/** Whether the first component of a name is a registry host rather than part of the path. */
function isDomain(component: string): boolean {
  return (
    component.includes('.') || component.includes(':') || component === 'localhost' || /[A-Z]/.test(component)
  );
}

export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

export function isValidDigest(digest: string): boolean {
  if (!DIGEST_RE.test(digest)) return false;
  return !digest.startsWith('sha256:') || SHA256_DIGEST_RE.test(digest);
}

/** A repository path inside a registry (`team/app`), as a registry's catalog lists it. */
export function isValidRepositoryPath(path: string): boolean {
  return path.length <= NAME_MAX && PATH_RE.test(path);
}

/** Parses and validates a reference; throws a InvalidReference that says what is wrong. */
export function parseReference(input: string): ImageReference {
  const ref = input.trim();
  if (ref === '') fail('the image reference is empty');
  if (ref !== input) fail('the image reference has leading or trailing spaces');
  if (ref.length > 512) fail('the image reference is longer than 512 characters');
  if (ref.startsWith('-')) fail('an image reference cannot start with "-"');
  if (/[^\w.\-/:@[\]]/.test(ref)) {
    fail('an image reference may hold only letters, digits and . _ - / : @ [ ]');
  }

  let rest = ref;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!isValidDigest(digest))
      fail(`"${digest}" is not a valid digest (sha256: and 64 lower-case hex digits)`);
  }

  let tag: string | null = null;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (tag.length > 128) fail('a tag is at most 128 characters');
    if (!isValidTag(tag))
      fail(`"${tag}" is not a valid tag (letters, digits, _ . -, not starting with . or -)`);
  }

  const name = rest;
  if (name === '') fail('the image reference has no repository name');
  if (name.length > NAME_MAX) fail(`a repository name is at most ${NAME_MAX} characters`);
  const slash = name.indexOf('/');
  let domain = DOCKER_HUB;
  let path = name;
  if (slash > 0 && isDomain(name.slice(0, slash))) {
    domain = name.slice(0, slash);
    path = name.slice(slash + 1);
    if (!DOMAIN_RE.test(domain)) fail(`"${domain}" is not a valid registry host`);
  }
  if (/[A-Z]/.test(path)) fail('repository names must be lower-case');
  if (!PATH_RE.test(path)) {
    fail(
      `"${path}" is not a valid repository name: lower-case letters and digits, separated by one . or _, two _, any - or /`,
    );
  }
  if (domain === DOCKER_HUB && !path.includes('/')) path = `library/${path}`;
  return { domain, path, repository: `${domain}/${path}`, tag, digest };
}

export function tryParseReference(input: string): ImageReference | null {
  try {
    return parseReference(input);
  } catch {
    return null;
  }
}

/** A reference written back the way a person would: no `docker.io/library/` prefix. */
export function familiarRepository(ref: Pick<ImageReference, 'domain' | 'path'>): string {
  if (ref.domain !== DOCKER_HUB) return `${ref.domain}/${ref.path}`;
  return ref.path.startsWith('library/') ? ref.path.slice('library/'.length) : ref.path;
}

export function formatReference(ref: ImageReference): string {
  let out = familiarRepository(ref);
  if (ref.tag) out += `:${ref.tag}`;
  if (ref.digest) out += `@${ref.digest}`;
  return out;
}

export type TagKind = 'git-sha' | 'version' | 'mutable';

/** Git-SHA tags (7 to 40 hex characters) must never move; version tags rarely; the rest are mutable. */
export function classifyTag(tag: string): TagKind {
  if (/^[0-9a-f]{7,40}$/.test(tag)) return 'git-sha';
  if (/^v?\d+(?:\.\d+){0,3}(?:[-+][0-9A-Za-z][0-9A-Za-z.-]*)?$/.test(tag)) return 'version';
  return 'mutable';
}
