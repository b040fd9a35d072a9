/**
 * Comparing two policy sets: {@link dev.passport.enforce.diff.PolicyDiff} answers what changed in
 * the policies as written (structural changes, with spelling differences normalised away) and what
 * changed in what each principal may see (effective-access differences, each saying which side is
 * stricter); {@link dev.passport.enforce.diff.PolicyDiffReports} renders the answer as JSON and
 * Markdown.
 */
package dev.passport.enforce.diff;
