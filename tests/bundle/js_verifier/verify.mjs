// Verify an Open Badges 3.0 credential with Digital Bazaar's JavaScript stack, offline:
//   node verify.mjs CREDENTIAL.json OB-CONTEXT.json   ->   {"verified": true|false, "errors": [...]}
// Contexts come from @digitalbazaar/credentials-context and the given OB context file; a did:key is
// expanded locally; every other URL is refused, so nothing is fetched.
import fs from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as credentialsContext from '@digitalbazaar/credentials-context';

const [credentialFile, obContextFile] = process.argv.slice(2);
const contexts = new Map([
  ...credentialsContext.contexts,
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', JSON.parse(fs.readFileSync(obContextFile, 'utf8'))],
]);

async function documentLoader(url) {
  if (contexts.has(url)) return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  if (url.startsWith('did:key:z')) {
    const [did, fragment] = url.split('#');
    const multibase = did.slice('did:key:'.length);
    const key = await Ed25519Multikey.from({publicKeyMultibase: multibase, id: `${did}#${multibase}`, controller: did});
    const method = await key.export({publicKey: true, includeContext: true});
    if (fragment) return {contextUrl: null, documentUrl: url, document: method};
    const {'@context': _, ...bare} = method;
    return {contextUrl: null, documentUrl: url, document: {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did, verificationMethod: [bare], assertionMethod: [bare.id], authentication: [bare.id],
    }};
  }
  throw new Error(`refused to load ${url}: nothing is fetched`);
}

let credential;
try {
  credential = JSON.parse(fs.readFileSync(credentialFile, 'utf8'));
} catch (error) {
  console.log(JSON.stringify({verified: false, errors: [`not JSON: ${error.message}`]}));
  process.exit(0);
}
const suite = new DataIntegrityProof({cryptosuite});
const result = await vc.verifyCredential({credential, suite, documentLoader});
const errors = result.error ? (result.error.errors ?? [result.error]).map(e => e.message) : [];
console.log(JSON.stringify({verified: result.verified, errors}));
