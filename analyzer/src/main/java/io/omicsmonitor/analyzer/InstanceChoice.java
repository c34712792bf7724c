package io.omicsmonitor.analyzer;

/** An omics instance type with its vCPUs and memory in GiB. */
public record InstanceChoice(String type, long cpus, long memoryGiB) {
}
