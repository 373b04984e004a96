/**
 * Blocking helpers for the launchers that start real operating-system processes (PostgreSQL nodes, Redis,
 * server JVMs): a free port, a readiness wait, and kill, terminate, freeze and thaw of a process tree. Every
 * method blocks: call it from a thread that may block, never from an event loop.
 */
package io.smart402.core.process;
