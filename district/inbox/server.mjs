// The district inbox: the official tus server (@tus/server) storing uploads in S3-compatible object
// storage (@tus/s3-store). Nothing here implements tus or S3; this file only configures them:
//   - a bearer token check on every request (onIncomingRequest), when INBOX_TOKENS is set;
//   - on completion (onUploadFinish), the SHA-256 of the stored object, read back from the bucket,
//     saved as upload metadata `sha256` (so HEAD on the upload URL answers it in Upload-Metadata),
//     as an object `<id>.sha256` beside the upload, and sent as `Upload-Sha256` on the last response.
// Configuration comes from the environment (see README.md); `start` sets it for a local run.
import { createHash, timingSafeEqual } from 'node:crypto';
import { S3Store } from '@tus/s3-store';
import { Server } from '@tus/server';

const env = process.env;
const host = env.INBOX_HOST || '127.0.0.1';
const port = Number(env.INBOX_PORT || 1080);
const path = env.INBOX_PATH || '/files';
const bucket = env.S3_BUCKET || 'submissions';
const maxSize = Number(env.INBOX_MAX_SIZE || 20 * 1024 ** 3); // 20 GiB: a long classroom video or two
const tokens = (env.INBOX_TOKENS || '')
  .split(',')
  .map((t) => t.trim())
  .filter(Boolean)
  .map((t) => Buffer.from(t));

const store = new S3Store({
  partSize: 8 * 1024 * 1024,
  s3ClientConfig: {
    bucket,
    region: env.S3_REGION || 'us-east-1',
    endpoint: env.S3_ENDPOINT, // unset: AWS itself
    forcePathStyle: Boolean(env.S3_ENDPOINT), // SeaweedFS, MinIO and most others want path-style
    credentials: env.AWS_ACCESS_KEY_ID
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY || '' }
      : undefined,
    // The SDK's default since 3.729 adds CRC32 checksums that S3-compatible servers such as
    // SeaweedFS refuse with a 500 (seaweedfs#10216): ask for them only where S3 requires one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  },
});

function tokenAccepted(header) {
  if (tokens.length === 0) return true;
  const match = /^Bearer\s+(.+)$/i.exec(header || '');
  if (!match) return false;
  const given = Buffer.from(match[1].trim());
  return tokens.some((t) => t.length === given.length && timingSafeEqual(t, given));
}

async function sha256Of(id) {
  const hash = createHash('sha256');
  for await (const chunk of await store.read(id)) hash.update(chunk);
  return hash.digest('hex');
}

async function recordSha256(upload) {
  const sha256 = await sha256Of(upload.id);
  const { 'upload-id': multipartId, file } = await store.getMetadata(upload.id);
  file.metadata = { ...(file.metadata || {}), sha256 };
  await store.saveMetadata(file, multipartId);
  await store.clearCache(upload.id);
  await store.client.putObject({
    Bucket: bucket,
    Key: `${upload.id}.sha256`,
    Body: `${sha256}  ${file.metadata.filename || upload.id}\n`,
    ContentType: 'text/plain',
  });
  return sha256;
}

async function ensureBucket() {
  // S3 may answer before its metadata store is ready on a first start: try for a while.
  for (let attempt = 1; ; attempt++) {
    try {
      await store.client.headBucket({ Bucket: bucket });
      return;
    } catch (error) {
      if (error?.$metadata?.httpStatusCode === 404) {
        try {
          await store.client.createBucket({ Bucket: bucket });
          return;
        } catch (createError) {
          if (attempt >= 60) throw createError;
        }
      } else if (attempt >= 60) {
        throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const server = new Server({
  path,
  datastore: store,
  maxSize,
  respectForwardedHeaders: env.INBOX_BEHIND_PROXY === '1',
  exposedHeaders: ['Upload-Sha256'],
  async onIncomingRequest(req) {
    if (!tokenAccepted(req.headers.get('authorization'))) {
      throw { status_code: 401, body: 'This inbox needs a valid token (Authorization: Bearer ...).\n' };
    }
  },
  async onUploadCreate(_req, upload) {
    if (!upload.metadata?.filename) {
      throw { status_code: 400, body: 'Upload-Metadata must name the file (filename).\n' };
    }
    return {};
  },
  async onUploadFinish(_req, upload) {
    const sha256 = await recordSha256(upload);
    console.log(`finished ${upload.id} ${upload.size} bytes sha256 ${sha256} ${upload.metadata?.filename}`);
    return { headers: { 'Upload-Sha256': sha256 } };
  },
});

await ensureBucket();
const http = server.listen({ host, port }, () => {
  console.log(`tus: http://${host}:${http.address().port}${path}`);
});
// Long uploads over slow school links: never cut a request for taking its time.
http.requestTimeout = 0;
http.headersTimeout = 60_000;

function stop() {
  http.close(() => process.exit(0));
  http.closeAllConnections?.();
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
