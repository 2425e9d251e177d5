package io.zdbc.parquet.impl;

import com.github.luben.zstd.Zstd;
import io.zdbc.api.ServiceUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyError;

/**
 * Page codecs without Hadoop: parquet-java's own {@code CodecFactory} goes through Hadoop's
 * compression classes, which are not on the class path (without this factory any writer fails
 * with NoClassDefFoundError for Hadoop's ZlibCompressor). Snappy
 * uses snappy-java and ZSTD zstd-jni (both native, loaded from the bundle); GZIP pages are read
 * with {@code java.util.zip}. Pages are small (about 1 MB), so byte arrays are fine.
 */
final class Codecs implements CompressionCodecFactory {
    /** parquet-java's default ZSTD level. */
    static final int ZSTD_LEVEL = 3;

    static final Codecs INSTANCE = new Codecs();

    private Codecs() {}

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        switch (codec) {
            case UNCOMPRESSED:
            case SNAPPY:
            case ZSTD:
                return new Compressor(codec);
            default:
                throw new IllegalArgumentException("no " + codec + " compressor (zdbc writes none, snappy or zstd)");
        }
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        switch (codec) {
            case UNCOMPRESSED:
            case SNAPPY:
            case ZSTD:
            case GZIP:
                return new Decompressor(codec);
            default:
                throw new UnsupportedCodecException(codec);
        }
    }

    @Override
    public void release() {
        // nothing pooled
    }

    /** A column chunk compressed with a codec zdbc cannot read (LZ4, LZO, BROTLI, ...). */
    static final class UnsupportedCodecException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedCodecException(CompressionCodecName codec) {
            super("pages compressed with " + codec + " are not supported (zdbc reads UNCOMPRESSED, SNAPPY, ZSTD"
                    + " and GZIP); rewrite the file with one of those codecs");
        }
    }

    private static final class Compressor implements BytesInputCompressor {
        private final CompressionCodecName codec;

        Compressor(CompressionCodecName codec) {
            this.codec = codec;
        }

        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
            if (codec == CompressionCodecName.UNCOMPRESSED) {
                return bytes;
            }
            byte[] in = bytes.toByteArray();
            try {
                if (codec == CompressionCodecName.SNAPPY) {
                    byte[] out = new byte[Snappy.maxCompressedLength(in.length)];
                    int n = Snappy.compress(in, 0, in.length, out, 0);
                    return BytesInput.from(out, 0, n);
                }
                byte[] out = new byte[(int) Zstd.compressBound(in.length)];
                long n = Zstd.compressByteArray(out, 0, out.length, in, 0, in.length, ZSTD_LEVEL);
                if (Zstd.isError(n)) {
                    throw new IOException("ZSTD compression failed: " + Zstd.getErrorName(n));
                }
                return BytesInput.from(out, 0, (int) n);
            } catch (LinkageError | SnappyError e) {
                throw nativeMissing(codec, e);
            }
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {
            // nothing pooled
        }
    }

    private static final class Decompressor implements BytesInputDecompressor {
        /** ZSTD's largest expansion: a 4-byte RLE block stands for 128 KiB. */
        private static final long MAX_RATIO = 32_768;

        private final CompressionCodecName codec;

        Decompressor(CompressionCodecName codec) {
            this.codec = codec;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int size) throws IOException {
            if (codec == CompressionCodecName.UNCOMPRESSED) {
                return bytes;
            }
            byte[] in = bytes.toByteArray();
            checkSize(in, 0, in.length, size);
            byte[] out = new byte[size];
            decompress(in, 0, in.length, out, 0, size);
            return BytesInput.from(out);
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int size) throws IOException {
            byte[] in = new byte[compressedSize];
            input.get(in);
            if (codec == CompressionCodecName.UNCOMPRESSED) {
                output.put(in, 0, size);
                return;
            }
            checkSize(in, 0, compressedSize, size);
            byte[] out = new byte[size];
            decompress(in, 0, compressedSize, out, 0, size);
            output.put(out);
        }

        /**
         * Rejects a page whose declared uncompressed size its compressed bytes cannot hold, before
         * that size is allocated: Snappy states the size in its header, and ZSTD and deflate expand
         * at most {@link #MAX_RATIO} and 1032 to one.
         */
        private void checkSize(byte[] in, int off, int len, int size) throws IOException {
            long most;
            try {
                switch (codec) {
                    case SNAPPY:
                        most = Snappy.uncompressedLength(in, off, len);
                        break;
                    case ZSTD:
                        most = (long) len * MAX_RATIO; // a page may hold several frames: no header states the total
                        break;
                    default:
                        most = (long) len * 1032 + 64;
                }
            } catch (LinkageError | SnappyError e) {
                throw nativeMissing(codec, e);
            } catch (IOException | RuntimeException e) {
                throw new IOException(codec + " page is corrupt: " + e.getMessage(), e);
            }
            if (size < 0 || size > most) {
                throw new IOException(codec + " page declares " + size + " uncompressed bytes, but its " + len
                        + " compressed bytes " + (codec == CompressionCodecName.SNAPPY ? "hold " : "can hold at most ")
                        + most);
            }
        }

        private void decompress(byte[] in, int off, int len, byte[] out, int outOff, int size) throws IOException {
            try {
                int n;
                switch (codec) {
                    case SNAPPY:
                        if (Snappy.uncompressedLength(in, off, len) != size) {
                            throw new IOException("SNAPPY page has the wrong uncompressed length");
                        }
                        n = Snappy.uncompress(in, off, len, out, outOff);
                        break;
                    case ZSTD:
                        long r = Zstd.decompressByteArray(out, outOff, size, in, off, len);
                        if (Zstd.isError(r)) {
                            throw new IOException("ZSTD page is corrupt: " + Zstd.getErrorName(r));
                        }
                        n = (int) r;
                        break;
                    default:
                        n = gunzip(in, off, len, out, outOff, size);
                }
                if (n != size) {
                    throw new IOException(codec + " page decompressed to " + n + " bytes, not " + size);
                }
            } catch (LinkageError | SnappyError e) {
                throw nativeMissing(codec, e);
            } catch (IOException e) {
                throw e;
            } catch (RuntimeException e) {
                // snappy-java and zstd-jni report corrupt input as unchecked exceptions
                throw new IOException(codec + " page is corrupt: " + e.getMessage(), e);
            }
        }

        private static int gunzip(byte[] in, int off, int len, byte[] out, int outOff, int size) throws IOException {
            try (InputStream z = new GZIPInputStream(new ByteArrayInputStream(in, off, len))) {
                int n = 0;
                while (n < size) {
                    int r = z.read(out, outOff + n, size - n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
                return n;
            }
        }

        @Override
        public void release() {
            // nothing pooled
        }
    }

    /**
     * A missing native library, or (rethrown as is) a class this bundle can no longer load because
     * it was updated while the call ran: ParquetConnector reports that one as retryable.
     */
    private static IOException nativeMissing(CompressionCodecName codec, Throwable e) {
        NoClassDefFoundError gone = ServiceUnavailableException.discardedClassLoader(e);
        if (gone != null) {
            throw gone;
        }
        return new IOException("the native " + codec + " library could not be loaded: " + e, e);
    }
}
