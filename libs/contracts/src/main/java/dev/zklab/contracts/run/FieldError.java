package dev.zklab.contracts.run;

/** One thing wrong with a request: the field (a JSON path such as {@code ensemble.replicas}) and what to do. */
public record FieldError(String field, String message) {}
