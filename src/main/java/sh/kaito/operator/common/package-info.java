/** Small pure helpers shared by the validator, the manifest builders and the controllers. */
package sh.kaito.operator.common;
