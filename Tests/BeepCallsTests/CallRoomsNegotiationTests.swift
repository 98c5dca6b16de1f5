import BeepCalls
import Foundation
import Testing

/// Offer/answer in both directions (RFC 8829 §5.2, §5.3) relayed between client and SFU.
@Suite("CallRoomsState: negotiation")
struct CallRoomsNegotiationTests {
    @Test("client offer → SFU; SFU answer → client with the offer's inReplyTo")
    func clientOffer() async throws {
        var room = try CallRoomsHarness()
        let aID = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined?.participantId)
        let offer = room.send(1, #"{"v":1,"id":"o1","type":"offer","sdp":"v=0 offer"}"#)
        #expect(offer.media == [.offer(aID, sdp: "v=0 offer")])
        #expect(offer.sent(to: 1).isEmpty)
        #expect(room.send(1, #"{"v":1,"id":"o2","type":"offer","sdp":"v=0 again"}"#).errors(to: 1) == [.outOfOrder])
        let answer = room.handle(.sfuAnswer(aID, sdp: "v=0 answer"))
        #expect(answer.sent(to: 1) == [ServerEnvelope(inReplyTo: "o1", message: .answer(sdp: "v=0 answer"))])
        #expect(room.handle(.sfuAnswer(aID, sdp: "v=0 stray")).isEmpty)
    }

    @Test("SFU offer → client; client answer → SFU; an answer without an offer is out_of_order")
    func serverOffer() async throws {
        var room = try CallRoomsHarness()
        let aID = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined?.participantId)
        #expect(room.send(1, #"{"v":1,"type":"answer","sdp":"v=0"}"#).errors(to: 1) == [.outOfOrder])
        #expect(room.handle(.sfuOffer(aID, sdp: "v=0 server")).sent(to: 1) == [ServerEnvelope(message: .offer(sdp: "v=0 server"))])
        // Glare: the client yields (perfect negotiation), the server keeps its offer.
        #expect(room.send(1, #"{"v":1,"type":"offer","sdp":"v=0 client"}"#).errors(to: 1) == [.glare])
        #expect(room.send(1, #"{"v":1,"type":"answer","sdp":"v=0 client answer"}"#).media
                == [.answer(aID, sdp: "v=0 client answer")])
        #expect(room.send(1, #"{"v":1,"type":"answer","sdp":"v=0"}"#).errors(to: 1) == [.outOfOrder])
        #expect(room.send(1, #"{"v":1,"type":"offer","sdp":"v=0 client"}"#).media == [.offer(aID, sdp: "v=0 client")])
    }

    @Test("candidates flow both ways; SFU events for unknown participants are dropped")
    func candidates() async throws {
        var room = try CallRoomsHarness()
        let aID = try #require(try await room.join(1, identity: "alice").sent(to: 1).first?.joined?.participantId)
        let line = ICECandidateLine(candidate: "candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host", sdpMid: "0",
                                    sdpMLineIndex: 0)
        let up = room.send(1, #"{"v":1,"type":"candidate","candidate":"candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host","sdpMid":"0","sdpMLineIndex":0}"#)
        #expect(up.media == [.candidate(aID, line)])
        #expect(room.send(1, #"{"v":1,"type":"endOfCandidates"}"#).media == [.endOfCandidates(aID)])
        #expect(room.handle(.sfuCandidate(aID, line)).sent(to: 1) == [ServerEnvelope(message: .candidate(line))])
        let ghost = ParticipantID(rawValue: "p999")
        #expect(room.handle(.sfuOffer(ghost, sdp: "v=0")).isEmpty)
        #expect(room.handle(.sfuCandidate(ghost, line)).isEmpty)
    }
}
