/**
 * The narrow port between the Machine controller and a cloud: create, follow, delete and list the
 * one cloud resource (an AKS agent pool, or a simulated node) behind each Machine. Implementations
 * never block on a long-running operation: each call does at most a few quick requests and reports
 * where things stand.
 */
package sh.kaito.operator.cloud;
