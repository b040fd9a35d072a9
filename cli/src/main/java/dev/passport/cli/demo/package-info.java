/**
 * {@code passport demo}: the whole flow on an embedded PostgreSQL, from a warehouse with row-level
 * security, masking views and grants to extracted policies, translations, a rewritten export, rows
 * masked in flight and the lake side of a transfer. {@link dev.passport.cli.demo.DemoRun} runs it.
 */
package dev.passport.cli.demo;
