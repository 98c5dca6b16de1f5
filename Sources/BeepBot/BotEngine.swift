import BeepCalls
import BeepDTLS
import BeepICE
import BeepMedia
import BeepNIOAddress
import BeepPeer
import BeepRTCP
import BeepRTP
import BeepSDP
import BeepSTUN
import BeepWire
import Foundation
import NIOCore

/// Where a bot's call stands, as the script runner sees it.
public enum BotPhase: Sendable, Hashable {
    /// Before `join`.
    case idle
    /// `join` sent, no reply yet.
    case joining
    /// `joined` received; negotiating and connecting media.
    case joined
    /// DTLS-SRTP keyed: media flows.
    case mediaConnected
    /// Left the call.
    case left
    /// Refused or failed for good.
    case failed(BotError)
}

/// One bot's call, confined to its event loop: signalling state and negotiation, the
/// `PeerSession` (full ICE controlling + DTLS client + SRTP), the UDP socket, the local media
/// sender and a receiver per remote track. The runner reaches it through `NIOLoopBound`.
public final class BotEngine {
    let options: BotOptions
    let loop: any EventLoop
    let started: MonotonicTime
    let certificate: DTLSCertificate
    let iceCredentials: BeepICE.ICECredentials
    let localAddress: STUNAddress
    let outgoing: SignallingSink
    let localTracks: [LocalTrack]
    let sender: LocalMediaSender
    let reporterSSRC = UInt32.random(in: 1...UInt32.max)
    let sessionID = UInt64.random(in: 1...(UInt64.max >> 2))
    var channel: (any Channel)?
    var peer: PeerSession?
    var descriptionVersion: UInt64 = 1
    var nextRequestID = 1
    var joinRequestID: String?
    var offerRequestID: String?
    var needsOffer = false
    var receivers: [UInt32: RemoteTrackReceiver] = [:]
    var endedReceivers: [RemoteTrackReceiver] = []
    var participants: [String: (identity: String, name: String)] = [:]
    var mutedKinds: [String: Set<TrackKind>] = [:]
    var unknownSSRCPackets = 0
    /// The usable TURN servers `joined` offered (``BotTURNServers``).
    var turnServers: [ICETURNServer] = []
    /// The selected pair's local candidate type and addresses, for the report.
    var selectedPath: (candidateType: String, pair: String)?
    var simulatedDrops = 0
    var timer: (deadline: MonotonicTime, task: Scheduled<Void>)?
    var mediaTask: RepeatedTask?
    var selfHandle: NIOLoopBound<BotEngine>?
    /// Set when the script ended: the signalling connection closing is expected then.
    public var scriptFinished = false

    /// The phase.
    public internal(set) var phase: BotPhase = .idle
    /// The participant id from `joined`.
    public internal(set) var participantID: String?
    /// This bot's name from `joined`.
    public internal(set) var name: String?
    /// When `joined` arrived.
    public internal(set) var joinedAt: MonotonicTime?
    /// When DTLS-SRTP was keyed.
    public internal(set) var securedAt: MonotonicTime?
    /// Signalling errors the server sent that did not end the run.
    public internal(set) var signallingErrors: [String] = []

    /// An engine on `loop` whose socket is bound to `localAddress`; client messages go to `outgoing`.
    public init(options: BotOptions, loop: any EventLoop, localAddress: STUNAddress,
                outgoing: SignallingSink) throws(BotError) {
        self.options = options
        self.loop = loop
        self.localAddress = localAddress
        self.outgoing = outgoing
        started = BotEngine.now()
        do {
            certificate = try DTLSCertificate(commonName: "beep-bot")
        } catch {
            throw BotError(.callFailed, "cannot create the DTLS certificate: \(error)")
        }
        iceCredentials = BeepICE.ICECredentials.random()
        let stream = "bot-\(UInt32.random(in: 0...UInt32.max))"
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let audio = LocalTrack(mid: "0", kind: .audio, ssrc: UInt32.random(in: 1...UInt32.max), streamID: stream,
                               trackID: "tone-\(Int(options.toneHz))hz-\(suffix)", payloadType: 111)
        var video = LocalTrack(mid: "1", kind: .video, ssrc: UInt32.random(in: 1...UInt32.max), streamID: stream,
                               trackID: RemoteTrackReceiver.stampedTrackPrefix + suffix, payloadType: 96)
        if options.simulcast { video.simulcastLayers = SimulcastLayerPlan.threeLayers() }
        localTracks = [audio, video].filter { $0.kind == .audio ? options.publishAudio : options.publishVideo }
        do {
            sender = try LocalMediaSender(toneHz: options.toneHz, audio: audio, video: video, width: options.width,
                                          height: options.height, fps: options.fps,
                                          videoBitrateKbps: options.videoBitrateKbps)
        } catch {
            throw BotError(.badArguments, "media setup: \(error)")
        }
        sender.audioLive = options.publishAudio
        sender.videoLive = options.publishVideo
    }

    /// Attaches the bound UDP channel and the loop-bound handle timers call back through.
    public func attach(channel: any Channel, handle: NIOLoopBound<BotEngine>) {
        self.channel = channel
        selfHandle = handle
    }

    static func now() -> MonotonicTime { MonotonicTime(nanoseconds: Int64(NIODeadline.now().uptimeNanoseconds)) }

    static func wallMillis() -> UInt32 {
        UInt32(truncatingIfNeeded: Int64(Date().timeIntervalSince1970 * 1000))
    }

    var transport: BotTransport {
        BotTransport(iceUfrag: iceCredentials.ufrag, icePassword: iceCredentials.password,
                     fingerprint: certificate.fingerprint, candidate: localAddress)
    }

    // MARK: - Sending signalling

    @discardableResult
    func send(_ message: ClientMessage) -> String {
        let id = "\(nextRequestID)"
        nextRequestID += 1
        outgoing.send(ClientEnvelope(id: id, message: message))
        return id
    }

    func fail(_ error: BotError) {
        if case .failed = phase { return }
        phase = .failed(error)
    }

    // MARK: - Peer session

    /// Creates the peer session from the SFU's description (once: one bundled transport).
    func startPeer(remote: RemoteTransport) {
        guard peer == nil else { return }
        let now = Self.now()
        let wallClock = Date().timeIntervalSince1970 - Double(now.nanoseconds) / 1e9
        var ice = ICEAgentConfiguration(mode: .full, role: .controlling, localCredentials: iceCredentials,
                                        addressPolicy: options.iceAddressPolicy)
        if options.turnUse != .ignore { ice.turnServers = turnServers }
        if options.turnUse == .relayOnly {
            guard !turnServers.isEmpty else {
                fail(BotError(.callFailed, "--relay-only, but `joined` offered no usable TURN server (turn: over UDP)"))
                return
            }
            ice.transportPolicy = .relay
        }
        let configuration = PeerSessionConfiguration(
            ice: ice,
            remoteCredentials: BeepICE.ICECredentials(ufrag: remote.iceUfrag, password: remote.icePassword),
            localCandidates: [.host(localAddress)], remoteCandidates: remote.candidates.map { .host($0) },
            certificate: certificate, remoteFingerprint: remote.fingerprint, dtlsRole: remote.localDTLSRole,
            rtcp: PeerRTCPConfiguration(cname: localTracks.first?.streamID ?? "beep-bot", reporterSSRC: reporterSSRC,
                                        clockRates: [111: 48_000, 96: 90_000],
                                        wallClockAtOrigin: NTPTimestamp(unixSeconds: wallClock)))
        do {
            let session = try PeerSession(configuration: configuration, now: now)
            session.ice.endOfRemoteCandidates()
            peer = session
        } catch {
            fail(BotError(.callFailed, "cannot start the peer session: \(error)"))
            return
        }
        drivePeer(now: now)
    }

    /// A datagram arrived on the media socket.
    func receiveDatagram(_ bytes: [UInt8], from remote: STUNAddress) {
        guard let peer else { return }
        let now = Self.now()
        peer.handleDatagram(bytes, from: remote, to: localAddress, now: now)
        drivePeer(now: now)
    }

    /// Sends what the session queued, handles its events (which may queue more: feedback,
    /// retransmissions) until none are left, and re-arms its timer.
    func drivePeer(now: MonotonicTime) {
        guard let peer else { return }
        while true {
            var wrote = false
            while let transmit = peer.pollTransmit() {
                guard let channel, let address = SocketAddressConversion.socketAddress(transmit.destination) else { continue }
                if options.simulatedSendLossPercent > 0, PacketClass.of(transmit.bytes) == .rtp,
                   Double.random(in: 0..<100) < options.simulatedSendLossPercent {
                    simulatedDrops += 1
                    continue
                }
                channel.write(AddressedEnvelope(remoteAddress: address, data: ByteBuffer(bytes: transmit.bytes)),
                              promise: nil)
                wrote = true
            }
            if wrote { channel?.flush() }
            var handled = false
            while let event = peer.pollEvent() {
                handle(event, now: now)
                handled = true
            }
            if !handled { break }
        }
        armTimer()
    }

    private func armTimer() {
        guard let deadline = peer?.pollTimeout() else {
            timer?.task.cancel()
            timer = nil
            return
        }
        if let timer, timer.deadline == deadline { return }
        timer?.task.cancel()
        guard let handle = selfHandle else { return }
        let nanoseconds = UInt64(max(0, deadline.nanoseconds))
        let task = loop.scheduleTask(deadline: NIODeadline.uptimeNanoseconds(nanoseconds)) {
            let engine = handle.value
            engine.timer = nil
            let now = BotEngine.now()
            engine.peer?.handleTimeout(now: now)
            engine.drivePeer(now: now)
        }
        timer = (deadline, task)
    }

    private func handle(_ event: PeerEvent, now: MonotonicTime) {
        switch event {
        case .secured:
            securedAt = now
            if phase == .joined { phase = .mediaConnected }
            startMedia()
        case .rtp(let packet):
            receiveRTP(packet, now: now)
        case .rtcp(let packet):
            receiveRTCP(packet, now: now)
        case .failed(let reason):
            if phase != .left { fail(BotError(.callFailed, "media transport failed: \(reason)")) }
        case .selectedPairChanged(let local, let remote):
            let kind = peer?.ice.localCandidates.first { $0.address == local }?.kind
            selectedPath = (kind?.rawValue ?? "unknown", "\(local) -> \(remote)")
        case .iceStateChanged, .closed:
            break
        }
    }

    // MARK: - Media pacing

    private func startMedia() {
        guard mediaTask == nil, let handle = selfHandle else { return }
        mediaTask = loop.scheduleRepeatedTask(initialDelay: .zero, delay: .milliseconds(10)) { _ in
            handle.value.sendDueMedia()
        }
    }

    func stopMedia() {
        mediaTask?.cancel()
        mediaTask = nil
    }

    private func sendDueMedia() {
        guard let peer, !peer.isFinished else { return }
        let now = Self.now()
        for packet in sender.due(now: now, wallMillis: Self.wallMillis()) {
            guard let bytes = try? packet.serialized() else { continue }
            peer.sendRTP(bytes, now: now)
        }
        drivePeer(now: now)
    }
}
