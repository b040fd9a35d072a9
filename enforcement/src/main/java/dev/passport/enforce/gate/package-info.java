/**
 * The compliance gate: given a transfer spec (source and destination policy sets, an identity map,
 * the tables and columns that move, and optionally the audience the export was rewritten for), it
 * decides whether every destination principal sees no more than at the source — PASS, FAIL or
 * REVIEW — and says why, per principal, table, column and rows. {@link
 * dev.passport.enforce.gate.ComplianceGate} is the entry point; {@link
 * dev.passport.enforce.gate.TransferSpecReader} reads the YAML spec and {@link
 * dev.passport.enforce.gate.GateReports} writes the JSON and Markdown reports.
 */
package dev.passport.enforce.gate;
