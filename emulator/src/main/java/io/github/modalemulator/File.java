package io.github.modalemulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter from an uploaded file of a multipart form, as FastAPI's {@code File()}: a
 * {@code byte[]} gets the file's content ({@code Annotated[bytes, File()]}), an {@link UploadFile}
 * the file itself, kept in a temporary file until the request ends ({@code UploadFile}); either may
 * be {@code Optional}. An {@code UploadFile} parameter needs no annotation, as in FastAPI.
 *
 * <pre>{@code
 * // Python: def caption(image: Annotated[bytes, File()], upload: UploadFile)
 * public static Map<String, Object> caption(@File byte[] image, UploadFile upload)
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface File {
  /** The form field name to read; empty for the parameter's name. */
  String value() default "";
}
