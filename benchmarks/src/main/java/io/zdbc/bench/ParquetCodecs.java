package io.zdbc.bench;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet codecs without Hadoop (parquet-java's own factory needs Hadoop's codec classes):
 * snappy-java and zstd-jni (level 3, parquet-java's default), the libraries parquet-java itself
 * ships with.
 */
final class ParquetCodecs implements CompressionCodecFactory {
    static final ParquetCodecs INSTANCE = new ParquetCodecs();
    static final int ZSTD_LEVEL = 3;

    private ParquetCodecs() {}

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput in) throws IOException {
                switch (codec) {
                    case UNCOMPRESSED:
                        return in;
                    case SNAPPY:
                        return BytesInput.from(Snappy.compress(in.toByteArray()));
                    case ZSTD:
                        return BytesInput.from(Zstd.compress(in.toByteArray(), ZSTD_LEVEL));
                    default:
                        throw new IOException("codec " + codec + " is not in this benchmark");
                }
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput in, int uncompressedSize) throws IOException {
                if (codec == CompressionCodecName.UNCOMPRESSED) {
                    return in;
                }
                byte[] src = in.toByteArray();
                byte[] dst = new byte[uncompressedSize];
                inflate(src, 0, src.length, dst, 0, uncompressedSize);
                return BytesInput.from(dst);
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                    throws IOException {
                byte[] src = new byte[compressedSize];
                input.duplicate().get(src);
                byte[] dst = new byte[uncompressedSize];
                if (codec == CompressionCodecName.UNCOMPRESSED) {
                    System.arraycopy(src, 0, dst, 0, uncompressedSize);
                } else {
                    inflate(src, 0, compressedSize, dst, 0, uncompressedSize);
                }
                output.put(dst);
            }

            private void inflate(byte[] src, int off, int len, byte[] dst, int dstOff, int size) throws IOException {
                switch (codec) {
                    case SNAPPY:
                        Snappy.uncompress(src, off, len, dst, dstOff);
                        break;
                    case ZSTD: {
                        long n = Zstd.decompressByteArray(dst, dstOff, size, src, off, len);
                        if (Zstd.isError(n)) {
                            throw new IOException("zstd: " + Zstd.getErrorName(n));
                        }
                        break;
                    }
                    default:
                        throw new IOException("codec " + codec + " is not in this benchmark");
                }
            }

            @Override
            public void release() {}
        };
    }

    @Override
    public void release() {}
}
