package io.zdbc.feather.impl;

import com.github.luben.zstd.Zstd;
import io.zdbc.api.ServiceUnavailableException;
import io.zdbc.api.ZdbcException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;

/**
 * Arrow IPC body compression: ZSTD through zstd-jni (read and write), LZ4_FRAME read only through
 * {@link Lz4Frame}. This replaces arrow-compression, whose LZ4 codec drags Apache Commons
 * Compress, IO and Lang (1.7 MB in the bundle) and is very slow.
 */
final class Codecs implements CompressionCodec.Factory {
    static final Codecs INSTANCE = new Codecs();
    /** zstd's default level, as pyarrow uses. */
    private static final int ZSTD_LEVEL = 3;

    private Codecs() {}

    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType type) {
        return createCodec(type, ZSTD_LEVEL);
    }

    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
        switch (type) {
            case NO_COMPRESSION:
                return NoCompressionCodec.INSTANCE;
            case ZSTD:
                checkZstd();
                return new ZstdCodec(level);
            case LZ4_FRAME:
                return new Lz4Codec();
            default:
                throw new ZdbcException("unsupported Arrow body compression " + type);
        }
    }

    /** Fails clearly where zstd-jni has no native library for this platform. */
    static void checkZstd() {
        try {
            Zstd.defaultCompressionLevel();
        } catch (LinkageError e) {
            NoClassDefFoundError gone = ServiceUnavailableException.discardedClassLoader(e);
            if (gone != null) {
                throw gone; // not the platform: this bundle was updated while the call ran
            }
            throw new ZdbcException("ZSTD is not available on this platform (" + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + "): " + e);
        }
    }

    private static final class ZstdCodec extends AbstractCompressionCodec {
        private final int level;

        ZstdCodec(int level) {
            this.level = level;
        }

        @Override
        protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf src) {
            long len = src.writerIndex();
            long bound = Zstd.compressBound(len);
            ArrowBuf dst = allocator.buffer(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + bound);
            long n = Zstd.compressUnsafe(
                    dst.memoryAddress() + CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH,
                    bound,
                    src.memoryAddress(),
                    len,
                    level);
            if (Zstd.isError(n)) {
                dst.close();
                throw new IllegalStateException("ZSTD compression failed: " + Zstd.getErrorName(n));
            }
            dst.writerIndex(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH + n);
            return dst;
        }

        @Override
        protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf src) {
            long len = readUncompressedLength(src);
            if (len < 0) {
                throw new IllegalStateException("corrupt ZSTD buffer: uncompressed length " + len);
            }
            checkFrameHeader(src, len);
            ArrowBuf dst = allocator.buffer(len);
            long n = Zstd.decompressUnsafe(
                    dst.memoryAddress(),
                    len,
                    src.memoryAddress() + CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH,
                    src.writerIndex() - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH);
            if (Zstd.isError(n) || n != len) {
                dst.close();
                throw new IllegalStateException("corrupt ZSTD buffer: "
                        + (Zstd.isError(n) ? Zstd.getErrorName(n) : n + " bytes instead of " + len));
            }
            dst.writerIndex(len);
            return dst;
        }

        @Override
        public CompressionUtil.CodecType getCodecType() {
            return CompressionUtil.CodecType.ZSTD;
        }

        /** Rejects a buffer that is no ZSTD frame, or whose frame disagrees on the size, before allocating. */
        private static void checkFrameHeader(ArrowBuf src, long len) {
            int n = (int) Math.min(18, src.writerIndex() - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH);
            byte[] head = new byte[Math.max(n, 0)];
            src.getBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, head, 0, head.length);
            long size;
            try {
                size = Zstd.getFrameContentSize(head, 0, head.length);
            } catch (RuntimeException e) {
                throw new IllegalStateException("corrupt ZSTD buffer: " + e.getMessage());
            }
            if (size == -2 || (size >= 0 && size != len)) {
                throw new IllegalStateException("corrupt ZSTD buffer: the frame header says "
                        + (size == -2 ? "nothing valid" : size + " bytes") + ", the IPC buffer " + len);
            }
        }
    }

    private static final class Lz4Codec extends AbstractCompressionCodec {
        @Override
        protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf src) {
            throw new UnsupportedOperationException("zdbc writes Feather uncompressed or with ZSTD, not LZ4");
        }

        @Override
        protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf src) {
            long len = readUncompressedLength(src);
            // Decoded on the heap: one buffer is at most 2 GB here.
            checkLength(len, "LZ4");
            long compressed = src.writerIndex() - CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
            if (len > 255 * compressed + 64) {
                // LZ4 cannot expand more than about 255:1.
                throw new IllegalStateException("corrupt LZ4 buffer: " + compressed + " bytes cannot hold " + len);
            }
            if (compressed > Integer.MAX_VALUE) {
                throw new IllegalStateException("LZ4 buffer of " + compressed + " bytes is too large");
            }
            byte[] in = new byte[(int) compressed];
            src.getBytes(CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH, in, 0, in.length);
            byte[] out = new byte[(int) len];
            int n = Lz4Frame.decompress(in, out);
            if (n != len) {
                throw new IllegalStateException("corrupt LZ4 buffer: " + n + " bytes instead of " + len);
            }
            ArrowBuf dst = allocator.buffer(len);
            dst.setBytes(0, out, 0, out.length);
            dst.writerIndex(len);
            return dst;
        }

        @Override
        public CompressionUtil.CodecType getCodecType() {
            return CompressionUtil.CodecType.LZ4_FRAME;
        }
    }

    private static void checkLength(long len, String codec) {
        if (len < 0 || len > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("corrupt " + codec + " buffer: uncompressed length " + len);
        }
    }
}
