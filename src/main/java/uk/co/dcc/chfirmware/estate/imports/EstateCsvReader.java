package uk.co.dcc.chfirmware.estate.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a file line by line as strict UTF-8: a line holding bytes that are not UTF-8 is reported with its
 * number instead of being decoded with replacement characters. Lines end with LF or CRLF; a UTF-8 byte
 * order mark at the start is skipped. Only the current line is held.
 */
final class EstateCsvReader implements AutoCloseable {

    static final int MAX_LINE_BYTES = 16 * 1024;

    private final InputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[512];
    private long bytesRead;
    private long lineNo;
    private String text;
    private String problem;

    EstateCsvReader(InputStream in) {
        this.in = in;
    }

    /** Moves to the next line; false at the end of the file. */
    boolean next() throws IOException {
        int length = 0;
        boolean ascii = true;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return false;
                    }
                    break;
                }
                bytesRead += limit;
            }
            any = true;
            byte b = buffer[position++];
            if (b == '\n') {
                break;
            }
            if (length < MAX_LINE_BYTES) {
                if (length == line.length) {
                    line = java.util.Arrays.copyOf(line, Math.min(line.length * 2, MAX_LINE_BYTES));
                }
                line[length++] = b;
                ascii &= b >= 0;
            } else {
                tooLong = true;
            }
        }
        lineNo++;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        int start = 0;
        if (lineNo == 1 && length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
            start = 3;
        }
        problem = null;
        text = null;
        if (tooLong) {
            problem = "the line is longer than " + MAX_LINE_BYTES + " bytes";
        } else if (ascii) {
            text = new String(line, start, length - start, StandardCharsets.ISO_8859_1);
        } else {
            try {
                CharBuffer decoded = utf8.reset().decode(ByteBuffer.wrap(line, start, length - start));
                text = decoded.toString();
            } catch (CharacterCodingException e) {
                problem = "bytes that are not valid UTF-8 " + where(start, length);
            }
        }
        return true;
    }

    /** Where in the line the first invalid byte is, for the report. */
    private String where(int start, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.wrap(line, start, length - start);
        CharBuffer chars = CharBuffer.allocate(length);
        decoder.decode(bytes, chars, true);
        int offset = bytes.position() - start;
        return String.format("at byte %d of the line (0x%02X)", offset + 1, line[bytes.position()] & 0xFF);
    }

    long lineNo() {
        return lineNo;
    }

    long bytesRead() {
        return bytesRead;
    }

    /** The current line's text, or null when it could not be read (see {@link #problem()}). */
    String text() {
        return text;
    }

    String problem() {
        return problem;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
