/**
 * How much GPU a workload needs: the inference node estimator (KAITO's formula) and the fine-tuning
 * memory estimate. Pure functions over catalog records.
 */
package sh.kaito.operator.sizing;
