package dev.kafkachatops.config;

/** How the bot reaches a broker's host: over SSH, or a local shell below a root folder (the sandbox). */
public enum HostDriver { SSH, LOCAL }
