import BeepSDP
import BeepTestSupport
import Foundation
import Testing

/// Real offers and answers captured from headless Chromium and aiortc into `Fixtures/sdp/*.sdp`.
@Suite("Captured SDP fixtures")
struct SDPFixtureTests {
    @Test("Every Fixtures/sdp/*.sdp file parses, has the WebRTC essentials, and prints back byte for byte")
    func everyFixture() throws {
        let files = try Fixtures.files(in: "sdp", suffix: ".sdp")
        #expect(!files.isEmpty, "Fixtures/sdp holds no .sdp file")
        for file in files {
            let name = file.lastPathComponent
            let bytes = [UInt8](try Data(contentsOf: file))
            let sdp: SessionDescription
            do {
                sdp = try SessionDescription.parse(bytes)
            } catch {
                Issue.record("\(name): \(error)")
                continue
            }
            #expect(!sdp.media.isEmpty, "\(name): no media section")
            for (index, media) in sdp.media.enumerated() {
                let label = "\(name) m=\(index) (\(media.kind))"
                #expect(media.mid != nil, "\(label): no mid")
                #expect(sdp.iceCredentials(for: media) != nil, "\(label): no ICE credentials")
                #expect(!sdp.fingerprints(for: media).isEmpty, "\(label): no fingerprint")
                if (media.kind == .audio || media.kind == .video) && !media.isRejected {
                    #expect(!media.codecs.isEmpty, "\(label): no codec")
                }
                if media.kind == .application && !media.isRejected {
                    #expect(media.sctpPort != nil, "\(label): no sctp-port")
                }
            }
            for mid in sdp.bundleMids {
                #expect(sdp.media(withMid: mid) != nil, "\(name): BUNDLE names unknown mid \(mid)")
            }

            let printed = sdp.serializedBytes()
            #expect(printed == bytes, "\(name): printed text differs from the file")
            let reparsed = try SessionDescription.parse(printed)
            #expect(reparsed == sdp, "\(name): reparse differs")

            // Canonical printing (every attribute re-created from its typed value) is semantically lossless.
            var canonical = sdp
            canonical.attributes = canonical.attributes.map { SDPAttribute($0.value) }
            for index in canonical.media.indices {
                canonical.media[index].attributes = canonical.media[index].attributes.map { SDPAttribute($0.value) }
            }
            #expect(try SessionDescription.parse(canonical.serialized()) == sdp, "\(name): canonical form differs")

            // The same capture with bare LF line endings parses to the same description.
            let lfText = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            #expect(try SessionDescription.parse(lfText) == sdp, "\(name): LF form differs")
        }
    }
}
