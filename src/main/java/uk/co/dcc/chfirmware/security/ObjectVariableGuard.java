package uk.co.dcc.chfirmware.security;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.fileupload.FileItemIterator;
import org.apache.commons.fileupload.FileItemStream;
import org.apache.commons.fileupload.FileUpload;
import org.apache.commons.fileupload.FileUploadException;
import org.apache.commons.fileupload.UploadContext;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * No variable of type Object arrives over HTTP, for any user: a body sent to the engine REST API (either mount) that
 * declares one anywhere ({@code "type": "Object"}, any case) is answered 400 naming where, and so is a binary
 * variable upload that asks the engine to deserialize a Java type ({@code .../variables/{name}/data} with a
 * {@code type} part, or a {@code valueType} of Object). An Object variable makes the engine instantiate a Java class
 * the caller names; the product needs none from outside (docs/accounts-and-access.md).
 */
final class ObjectVariableGuard extends OncePerRequestFilter {

    private static final String ERROR_TYPE = "InvalidRequestException";
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
    private static final Pattern VARIABLE_DATA = Pattern.compile(".*/(variables|localVariables)/[^/]+/data/?");
    /** Read more leniently than the engine REST API does, so that nothing it accepts slips past unread. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS,
                    JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER,
                    JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
                    JsonReadFeature.ALLOW_MISSING_VALUES, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean multipart = isMultipart(request);
        if (!WITH_BODY.contains(request.getMethod()) || multipart && !VARIABLE_DATA.matcher(EnginePaths.path(request)).matches()) {
            chain.doFilter(request, response); // no variables in it: a deployment or an attachment, say
            return;
        }
        ReadBodyRequest read = ReadBodyRequest.of(request);
        Optional<String> refusal = multipart ? objectInUpload(read)
                : objectInJson(read.body()).map(path -> "The variable at " + path + " has type Object.");
        if (refusal.isPresent()) {
            FilterErrors.write(request, response, HttpStatus.BAD_REQUEST, ERROR_TYPE, refusal.get()
                    + " Variables of type Object are not accepted over HTTP: send the value as String, Boolean, Integer,"
                    + " Long, Double, Date or Json. Nothing was stored.");
            return;
        }
        chain.doFilter(read, response);
    }

    /** The JSON pointer of the first object that declares type Object; empty for anything else, JSON or not. */
    static Optional<String> objectInJson(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME && "type".equalsIgnoreCase(parser.currentName())
                        && parser.nextToken() == JsonToken.VALUE_STRING && "object".equalsIgnoreCase(parser.getText().trim())) {
                    String pointer = parser.getParsingContext().getParent().pathAsPointer().toString();
                    return Optional.of(pointer.isEmpty() ? "the top level of the body" : "\"" + pointer + "\" in the body");
                }
            }
        } catch (JsonProcessingException notJson) {
            // the engine REST API refuses what it cannot read; what came before the error has been looked at
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return Optional.empty();
    }

    private static Optional<String> objectInUpload(ReadBodyRequest request) throws IOException {
        try {
            FileItemIterator parts = new FileUpload().getItemIterator(new Upload(request));
            while (parts.hasNext()) {
                FileItemStream part = parts.next();
                if ("type".equals(part.getFieldName())) {
                    return Optional.of("The upload asks for a serialized Java object (form part \"type\").");
                }
                if ("valueType".equals(part.getFieldName())) {
                    try (InputStream in = part.openStream()) {
                        if ("object".equalsIgnoreCase(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())) {
                            return Optional.of("The upload's form part \"valueType\" is Object.");
                        }
                    }
                }
            }
        } catch (FileUploadException notMultipart) {
            // the engine REST API refuses what it cannot read
        }
        return Optional.empty();
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType != null && contentType.toLowerCase().startsWith("multipart/");
    }

    /** The body already read, as commons-fileupload (the parser the engine REST API itself uses) reads a request. */
    private record Upload(ReadBodyRequest request) implements UploadContext {

        @Override
        public String getCharacterEncoding() {
            return request.getCharacterEncoding();
        }

        @Override
        public String getContentType() {
            return request.getContentType();
        }

        @Override
        @Deprecated
        public int getContentLength() {
            return request.body().length;
        }

        @Override
        public long contentLength() {
            return request.body().length;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(request.body());
        }
    }
}
