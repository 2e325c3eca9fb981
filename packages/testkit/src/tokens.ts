import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type JWK, type JWTPayload } from 'jose'

export interface TokenOptions {
  /** Defaults to the factory's issuer. */
  issuer?: string
  /** Defaults to the factory's audience. */
  audience?: string | string[]
  /** Lifetime in seconds from `now`; defaults to 300. */
  expiresIn?: number
  /** Issued-at instant in epoch milliseconds; defaults to the factory's clock. */
  now?: number
  /** The `typ` header; defaults to "at+jwt" (RFC 9068 §2.1). */
  typ?: string
  /** Omit `exp` entirely. */
  noExpiry?: boolean
}

export interface TokenFactory {
  issuer: string
  audience: string
  /** The public keys a resource server should trust, as a JWKS document (RFC 7517 §5). */
  jwks: { keys: JWK[] }
  /** The public key in PEM (SPKI), as an attacker could fetch it. */
  publicKeyPem: string
  /** A valid RS256 access token for `subject` with extra claims (e.g. `scope`). */
  sign(subject: string, claims?: JWTPayload, options?: TokenOptions): Promise<string>
  /** Attack: the same claims with `alg: none` and no signature (RFC 8725 §2.1). */
  unsigned(subject: string, claims?: JWTPayload, options?: TokenOptions): string
  /** Attack: HS256 keyed with the public key's PEM, the classic algorithm confusion (RFC 8725 §2.1). */
  confused(subject: string, claims?: JWTPayload, options?: TokenOptions): Promise<string>
  /** Attack: correctly formed, but signed by a key the server does not trust. */
  foreign(subject: string, claims?: JWTPayload, options?: TokenOptions): Promise<string>
}

/**
 * Makes an issuer with a fresh RS256 key pair for each test file; no private key is ever committed.
 * `now` lets tokens be minted against a fake clock.
 */
export async function createTokenFactory({
  issuer = 'https://auth.workbook.test',
  audience = 'https://api.workbook.test',
  now = Date.now,
}: { issuer?: string; audience?: string; now?: () => number } = {}): Promise<TokenFactory> {
  const kid = 'test-key-1'
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const stranger = await generateKeyPair('RS256')
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }
  const publicKeyPem = await exportSPKI(publicKey)

  const claimsFor = (subject: string, claims: JWTPayload, options: TokenOptions) => {
    const issuedAt = Math.floor((options.now ?? now()) / 1000)
    return {
      ...claims,
      sub: subject,
      iss: options.issuer ?? issuer,
      aud: options.audience ?? audience,
      iat: issuedAt,
      ...(options.noExpiry ? {} : { exp: issuedAt + (options.expiresIn ?? 300) }),
    }
  }
  const build = (subject: string, claims: JWTPayload, options: TokenOptions, alg: string, keyId?: string) =>
    new SignJWT(claimsFor(subject, claims, options)).setProtectedHeader({
      alg,
      typ: options.typ ?? 'at+jwt',
      ...(keyId ? { kid: keyId } : {}),
    })

  return {
    issuer,
    audience,
    jwks: { keys: [publicJwk] },
    publicKeyPem,
    sign: (subject, claims = {}, options = {}) => build(subject, claims, options, 'RS256', kid).sign(privateKey),
    unsigned: (subject, claims = {}, options = {}) => new UnsecuredJWT(claimsFor(subject, claims, options)).encode(),
    confused: (subject, claims = {}, options = {}) =>
      build(subject, claims, options, 'HS256', kid).sign(new TextEncoder().encode(publicKeyPem)),
    foreign: (subject, claims = {}, options = {}) => build(subject, claims, options, 'RS256', kid).sign(stranger.privateKey),
  }
}
