/**
 * The repository's web page when the remote is on GitHub, so the summary can link commits
 * (`<web>/commit/<sha>`) and ranges (`<web>/compare/a...b`). Null for anything else: a link
 * to a host we cannot vouch for would just be broken.
 */
export function githubWebUrl(remote: {
  url?: string | null
  githubRepo?: string
  serverUrl?: string
}): string | null {
  if (remote.githubRepo && remote.serverUrl)
    return `${remote.serverUrl.replace(/\/+$/, '')}/${remote.githubRepo}`
  if (!remote.url) return null
  let u: URL
  try {
    u = new URL(remote.url)
  } catch {
    return null
  }
  // A full URL is only known to be GitHub on github.com itself or GHE.com data residency hosts.
  if (u.protocol !== 'https:' || !(u.hostname === 'github.com' || u.hostname.endsWith('.ghe.com')))
    return null
  const m = /^\/([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(u.pathname)
  return m ? `https://${u.hostname}/${m[1]}/${m[2]}` : null
}
