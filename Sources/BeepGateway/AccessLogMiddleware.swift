import Hummingbird
import Logging

/// Writes one access log record per request in the source document's access-log shape
/// (§2.5.1): `request_method`, `request_url`, `response_status`, `response_time` (ms).
/// Query strings are left out so that tokens passed in URLs never reach the logs.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, status: response.status.code, since: start, logger: context.logger)
            return response
        } catch let error as any HTTPResponseError {
            log(request, status: error.status.code, since: start, logger: context.logger)
            throw error
        } catch {
            log(request, status: 500, since: start, logger: context.logger)
            throw error
        }
    }

    private func log(_ request: Request, status: Int, since start: ContinuousClock.Instant, logger: Logger) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000
            + Double(elapsed.components.attoseconds) / 1e15
        logger.info("request", metadata: [
            "request_method": .string(request.method.rawValue),
            "request_url": .string(request.uri.path),
            "response_status": .stringConvertible(status),
            "response_time": .stringConvertible((milliseconds * 1000).rounded() / 1000),
        ])
    }
}
