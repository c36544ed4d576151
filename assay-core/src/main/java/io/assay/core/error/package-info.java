/**
 * The error family of the core module. Every error a user can cause is an {@link io.assay.core.error.AssayException}
 * with the facts as fields; the CLI and the server map {@link io.assay.core.error.AssayException.Kind} to exit
 * codes and HTTP statuses in one place each.
 */
package io.assay.core.error;
