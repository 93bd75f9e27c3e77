// Opens a file for streaming, gunzipping it when its name ends in ".gz", and reports how far
// into the file (in bytes of the file itself, compressed bytes for .gz) the consumer has got:
// bytes read from disk minus those still waiting in the stream buffers, measured each time a
// chunk is handed on. A caller can show progress and an ETA against the file size.
import { createReadStream } from "node:fs";
import { createGunzip, type Gunzip } from "node:zlib";
import { Transform, type Readable } from "node:stream";

export type BytesRead = (bytesRead: number) => void;

export function openInput(file: string, onBytes?: BytesRead, options: { encoding?: BufferEncoding } = {}): Readable {
  // NOTE: progress moves in steps of one disk read, so reads are smaller when it is reported.
  const raw = createReadStream(file, { highWaterMark: onBytes ? 1 << 16 : 1 << 20 });
  const gunzip: Gunzip | undefined = file.toLowerCase().endsWith(".gz") ? createGunzip({ chunkSize: 1 << 18 }) : undefined;
  let stream: Readable = gunzip ? raw.pipe(gunzip) : raw;
  if (gunzip) raw.on("error", (e) => gunzip.destroy(e));
  if (onBytes) {
    const source = stream;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        onBytes(Math.max(0, raw.bytesRead - raw.readableLength - (gunzip?.writableLength ?? 0)));
        done(null, chunk);
      },
    });
    source.on("error", (e) => counter.destroy(e));
    stream = source.pipe(counter);
  }
  if (options.encoding) stream.setEncoding(options.encoding);
  return stream;
}
