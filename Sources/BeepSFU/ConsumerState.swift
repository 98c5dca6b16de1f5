/// The router's state for one subscriber's copy of one producer.
struct ConsumerState: Sendable {
    let id: ConsumerID
    let subscriber: ParticipantID
    let producerID: ProducerID
    let kind: MediaKind
    var parameters: ConsumerParameters
    var remap: ExtensionIDRemap
    var sequencer = ConsumerSequencer()
    /// Paused by the subscriber (or the control layer on its behalf).
    var paused: Bool
    /// Forwarding waits for the start of a key frame (video after a (re)start).
    var waitingForKeyFrame = false
    var packetsSent: UInt64 = 0
    var bytesSent: UInt64 = 0
    var retransmittedPackets: UInt64 = 0
    var nacksReceived: UInt64 = 0
    var nackMisses: UInt64 = 0
    var plisReceived: UInt64 = 0
    var firsReceived: UInt64 = 0
    var remoteFractionLost: UInt8?
    var remoteJitter: UInt32?
}
