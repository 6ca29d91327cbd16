/**
 * The SFU: a WebRTC media node on one UDP port. Browsers reach it with ICE-lite (STUN on the same port),
 * key it with DTLS-SRTP and send RTP that it forwards, without decoding, to every subscriber of each
 * track. Each participant has a publish transport (the client offers what it sends) and a subscribe
 * transport (the SFU offers what the client receives and renegotiates as tracks come and go).
 *
 * <p>Threads: the port is read by one socket per I/O thread (SO_REUSEPORT on Linux), and the kernel
 * hashes each remote address to one of them, so one endpoint's packets are always handled on the thread
 * that read them: a publisher's thread decrypts, rewrites and encrypts for every receiver; a receiver's
 * thread answers its own feedback (NACK with RTX, PLI to the sender).
 */
package org.parley.sfu.internal;
