package uk.co.dcc.chfirmware.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a byte stream as strict UTF-8: the first byte that is not UTF-8 ends the reading with a {@link NotUtf8Exception}
 * saying on which line and at which byte it is, instead of being decoded as a replacement character. A UTF-8 byte order
 * mark at the start is skipped. Lines are counted by their LF bytes, which never occur inside a UTF-8 character.
 */
public final class StrictUtf8Reader extends Reader {

    private final InputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
    /** Bytes of the stream before {@link #bytes}' start. */
    private long consumedBefore;
    /** Where the bytes of the stream scanned for line ends so far end, and the line and its start there. */
    private long scanned;
    private long lineNo = 1;
    private long lineStart;
    private boolean started;
    private boolean ended;

    public StrictUtf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (ended) {
                return -1;
            }
            decodeMore();
        }
        int n = Math.min(length, chars.remaining());
        chars.get(buffer, offset, n);
        return n;
    }

    private void decodeMore() throws IOException {
        boolean endOfInput = fill();
        if (!started) {
            started = true;
            skipByteOrderMark();
        }
        chars.clear();
        CoderResult result = utf8.decode(bytes, chars, endOfInput);
        scanLineEnds(bytes.position());
        if (result.isError()) {
            // also a character cut short by the end of the stream
            throw notUtf8(bytes.position());
        }
        if (endOfInput && !bytes.hasRemaining()) {
            utf8.flush(chars);
            ended = true;
        }
        chars.flip();
    }

    /** Reads more bytes after those not decoded yet; true when the stream has ended. */
    private boolean fill() throws IOException {
        consumedBefore += bytes.position();
        bytes.compact();
        int read = 0;
        while (bytes.hasRemaining() && (read = in.read(bytes.array(), bytes.position(), bytes.remaining())) > 0) {
            bytes.position(bytes.position() + read);
        }
        bytes.flip();
        return read < 0;
    }

    private void skipByteOrderMark() {
        if (bytes.remaining() >= 3 && bytes.get(0) == (byte) 0xEF && bytes.get(1) == (byte) 0xBB && bytes.get(2) == (byte) 0xBF) {
            bytes.position(3);
            scanLineEnds(3);
        }
    }

    private void scanLineEnds(int upTo) {
        long end = consumedBefore + upTo;
        for (long at = scanned; at < end; at++) {
            if (bytes.get((int) (at - consumedBefore)) == '\n') {
                lineNo++;
                lineStart = at + 1;
            }
        }
        scanned = end;
    }

    private NotUtf8Exception notUtf8(int position) {
        long offset = consumedBefore + position;
        return new NotUtf8Exception(lineNo, offset - lineStart + 1, offset + 1, bytes.get(position) & 0xFF);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** A byte that is not UTF-8: its line, its place in the line and in the stream (both from 1), and its value. */
    public static final class NotUtf8Exception extends CharacterCodingException {

        private final long line;
        private final long byteInLine;
        private final long byteInStream;
        private final int value;

        NotUtf8Exception(long line, long byteInLine, long byteInStream, int value) {
            this.line = line;
            this.byteInLine = byteInLine;
            this.byteInStream = byteInStream;
            this.value = value;
        }

        public long line() {
            return line;
        }

        /** What is wrong, for the sender: "byte 38 of the line (byte 104 of the body), 0xE9, is not UTF-8". */
        public String reason() {
            return String.format("byte %d of the line (byte %d of the body), 0x%02X, is not UTF-8; send the body in UTF-8",
                    byteInLine, byteInStream, value);
        }

        @Override
        public String getMessage() {
            return "Line " + line + ": " + reason();
        }
    }
}
