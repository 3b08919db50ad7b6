/**
 * Evaluation of STIX 2.1 patterns (STIX 2.1 §9) against observations.
 *
 * <p>Public API: {@link org.accord.stix.pattern.eval.PatternEvaluator} compiles a {@link
 * org.accord.stix.pattern.Pattern} (or its text) once into a {@link org.accord.stix.pattern.eval.CompiledPattern},
 * which answers {@code matches(List<Observation>)} and {@code evaluate(List<Observation>)} (the {@link
 * org.accord.stix.pattern.eval.MatchResult}: which observations matched) any number of times, from any thread. An
 * {@link org.accord.stix.pattern.eval.Observation} is a set of SCOs keyed by their reference ids, with
 * first_observed, last_observed and number_observed; built from an observed-data object (embedded {@code objects} or
 * {@code object_refs} with a resolver) or from SCOs given directly. {@link
 * org.accord.stix.pattern.eval.EvaluationLimitException} reports an evaluation that would exceed the evaluator's
 * bounds.
 *
 * <p>Semantics follow the specification and, where its text leaves a choice, the OASIS reference matcher
 * (oasis-open/cti-pattern-matcher). The choices, each documented where it is made:
 *
 * <ul>
 *   <li>Comparisons joined by AND inside {@code [ ]} bind to one root object; a path may leave it through {@code
 *       _ref}/{@code _refs} within the same observation ({@code ObjectTest}, {@code PathSelector}).
 *   <li>A path selecting several values ({@code [*]}) holds if some value passes; a path selecting nothing fails
 *       with or without NOT. A JSON null counts as absent (STIX 2.1 forbids null values).
 *   <li>Incomparable types ({@code file:size = '1024'}) make {@code =} and orderings false and {@code !=} true;
 *       t'...' compares with timestamp strings; h'...'/b'...' with {@code _hex}/{@code _bin} properties ({@code
 *       Operand}).
 *   <li>{@code =} on addresses is text equality ({@code '203.0.113.33/32'} is not {@code '203.0.113.33'}); ISSUBSET
 *       and ISSUPERSET compare ranges, the IPv4 and IPv6 families never contain each other ({@code Cidr}).
 *   <li>LIKE and MATCHES compare in Unicode NFC; MATCHES is java.util.regex with PCRE's POSIX classes translated and
 *       backtracking bounded; on binary values it matches the bytes as ISO-8859-1 characters.
 *   <li>Each observation expression binds distinct observations; an observed-data seen n times counts n times.
 *       FOLLOWEDBY: the latest first_observed on the left is not after the earliest last_observed on the right.
 *       WITHIN s: the latest first_observed is at most s seconds after the earliest last_observed. START/STOP: every
 *       observation's [first, last] meets [START, STOP) ({@code ObservationNode}, {@code Window}).
 *   <li>Qualifiers bind to the observation expression right before them, tighter than AND, OR and FOLLOWEDBY (the
 *       grammar): in {@code [a] FOLLOWEDBY [b] WITHIN 300 SECONDS} the WITHIN qualifies {@code [b]} alone.
 * </ul>
 */
package org.accord.stix.pattern.eval;
