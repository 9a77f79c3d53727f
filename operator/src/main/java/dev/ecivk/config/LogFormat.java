package dev.ecivk.config;

public enum LogFormat {
    text,
    json
}
