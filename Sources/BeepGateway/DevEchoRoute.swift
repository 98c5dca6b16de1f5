import BeepPlatformCore
import Foundation
import Hummingbird

/// Answers an SDP offer for the development echo endpoint; `profiles` restricts SRTP profiles.
public typealias DevEchoHandler = @Sendable (_ offer: String, _ profiles: [String]?) throws -> String

/// The body of `POST /dev/echo`.
struct DevEchoRequest: Decodable {
    let sdp: String
    let srtpProfiles: [String]?
}

/// The response of `POST /dev/echo`.
struct DevEchoResponse: ResponseEncodable {
    let sdp: String
}

enum DevEchoRoute {
    /// Offers are small; anything larger is refused before decoding.
    static let maximumBodyBytes = 64 * 1024

    static func add(to router: Router<APIRequestContext>, handler: @escaping DevEchoHandler) {
        router.post("/dev/echo") { request, context in
            let body = try await request.body.collect(upTo: maximumBodyBytes)
            let decoded: DevEchoRequest
            do {
                decoded = try JSONDecoder().decode(DevEchoRequest.self, from: Data(String(buffer: body).utf8))
            } catch {
                throw HTTPError(.badRequest, message: "expected {\"sdp\": \"<offer>\", \"srtpProfiles\": [...]}")
            }
            do {
                return DevEchoResponse(sdp: try handler(decoded.sdp, decoded.srtpProfiles))
            } catch {
                throw HTTPError(.badRequest, message: "\(error)")
            }
        }
    }
}
