/**
 * Semantic checks of a {@link dev.passport.model.PolicySet} beyond what its types enforce: dangling
 * names, masks on columns a table lacks, opaque SQL without a loss, membership cycles. The checks
 * behind {@code passport validate}.
 */
package dev.passport.model.validation;
