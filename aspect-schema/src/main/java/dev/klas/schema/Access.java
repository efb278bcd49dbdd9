package dev.klas.schema;

/** Which member accesses a field-access selector takes: reads ({@code get}), writes ({@code set}) or both. */
public enum Access {
    READ, WRITE, ANY
}
