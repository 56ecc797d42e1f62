// An OpenID Connect provider on loopback for the tests and the demo of citizen proposals.
//
// It is panva's certified `oidc-provider`, configured like a MitID broker: one confidential
// client, the authorisation-code flow with PKCE (S256) required, and claims for birth date,
// municipality code and (optionally) CPR number. There are no stored accounts: the login page
// asks for the claims, so a test or a demo visitor chooses who they are. Never expose it.
//
// Configuration (environment):
//   OIDC_PORT            port on 127.0.0.1 (0 picks a free one; the chosen port is printed)
//   OIDC_CLIENT_ID       client id        (default socius)
//   OIDC_CLIENT_SECRET   client secret    (default socius-test-secret)
//   OIDC_REDIRECT_URIS   comma-separated redirect URIs registered for the client
// On start it prints one line: `READY http://127.0.0.1:<port>`.

import crypto from 'node:crypto';
import http from 'node:http';
import querystring from 'node:querystring';

const port = Number(process.env.OIDC_PORT || 0);
const clientId = process.env.OIDC_CLIENT_ID || 'socius';
const clientSecret = process.env.OIDC_CLIENT_SECRET || 'socius-test-secret';
const redirectUris = (process.env.OIDC_REDIRECT_URIS || 'http://127.0.0.1:8000/borgerforslag/oidc/callback/')
  .split(',').map((s) => s.trim()).filter(Boolean);

// Claims chosen on the login page, by subject, for as long as the process runs.
const accounts = new Map();

// The signing key is made before oidc-provider is loaded: on Node 20, generating it after the
// import sometimes deadlocks inside OpenSSL (the process hangs before printing READY).
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key-1', use: 'sig', alg: 'RS256' };
const { default: Provider } = await import('oidc-provider');

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; if (data.length > 10000) req.destroy(); });
    req.on('end', () => resolve(querystring.parse(data)));
    req.on('error', reject);
  });
}

async function start(listenPort) {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;

  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    }],
    jwks: { keys: [jwk] },
    pkce: { required: () => true },
    // Put the claims of the granted scopes into the ID token, as MitID brokers do.
    conformIdTokenClaims: false,
    scopes: ['openid', 'profile', 'municipality', 'cpr'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'birthdate'],
      municipality: ['municipality_code'],
      cpr: ['cpr'],
    },
    features: { devInteractions: { enabled: false } },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    ttl: { IdToken: 300, AccessToken: 300, AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600 },
    async findAccount(_ctx, sub) {
      const claims = accounts.get(sub);
      if (!claims) return undefined;
      return { accountId: sub, async claims() { return { sub, ...claims }; } };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });

  const providerCallback = provider.callback();

  async function interaction(req, res) {
    const details = await provider.interactionDetails(req, res);
    const { uid, prompt, params } = details;
    if (prompt.name === 'login') {
      if (req.method === 'POST') {
        const form = await readBody(req);
        const sub = String(form.login || '').trim();
        if (!sub) throw new Error('login is required');
        const claims = { name: String(form.name || sub), birthdate: String(form.birthdate || '') };
        claims.municipality_code = String(form.municipality_code || '');
        if (form.cpr) claims.cpr = String(form.cpr);
        accounts.set(sub, claims);
        await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
        return;
      }
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(page('Log ind (testudbyder)', `
<form method="post" action="/interaction/${escapeHtml(uid)}">
<p><label for="login">Bruger-id</label> <input id="login" name="login" required></p>
<p><label for="name">Navn</label> <input id="name" name="name"></p>
<p><label for="birthdate">Fødselsdato (ÅÅÅÅ-MM-DD)</label> <input id="birthdate" name="birthdate"></p>
<p><label for="municipality_code">Kommunekode</label> <input id="municipality_code" name="municipality_code"></p>
<p><label for="cpr">CPR-nummer (valgfrit)</label> <input id="cpr" name="cpr"></p>
<p><button type="submit">Log ind</button></p>
</form>`));
      return;
    }
    if (prompt.name === 'consent') {
      // The broker has the citizen's consent already: grant what the client asked for.
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
      if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
      if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
      if (prompt.details.missingResourceScopes) {
        for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes)) {
          grant.addResourceScope(indicator, scopes.join(' '));
        }
      }
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      return;
    }
    throw new Error(`unsupported prompt ${prompt.name}`);
  }

  server.on('request', (req, res) => {
    if (req.url.startsWith('/interaction/')) {
      interaction(req, res).catch((err) => {
        res.statusCode = 400;
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.end(page('Fejl', `<p>${escapeHtml(err.message)}</p>`));
      });
      return;
    }
    providerCallback(req, res);
  });
  process.stdout.write(`READY ${issuer}\n`);
}

start(port).catch((err) => {
  process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
