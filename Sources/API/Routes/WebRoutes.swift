import Foundation
import HTTP

/// The web page (no token): `GET /` (index.html), `GET /web/app.js`, `GET /web/app.css`, from the files of
/// `Sources/API/Web` (owned by the front-end), found through ``AppConfiguration/webDirectory`` or ``InstallLayout``.
///
/// Every answer carries a strict Content-Security-Policy (no inline script or style, nothing from elsewhere, no
/// framing), `nosniff` and `no-referrer`.
struct WebRoutes: RouteGroup {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

    static let securityHeaders: HTTPHeaders = [
        "Content-Security-Policy": contentSecurityPolicy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    ]

    /// Route path → file name and content type.
    static let files: [(path: String, file: String, contentType: String)] = [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/web/app.js", "app.js", "text/javascript; charset=utf-8"),
        ("/web/app.css", "app.css", "text/css; charset=utf-8"),
    ]

    func register(in router: inout RouterBuilder, context: AppContext) throws {
        let directory = context.configuration.webDirectory ?? InstallLayout().webDirectory
        for entry in Self.files {
            let asset = directory.flatMap {
                StaticAsset(
                    contentsOf: $0.appendingPathComponent(entry.file),
                    contentType: entry.contentType,
                    extraHeaders: Self.securityHeaders
                )
            }
            if asset == nil {
                context.logger.warning(
                    "the web page file \(entry.file) was not found; \(entry.path) will answer 404",
                    ["directory": directory?.path ?? "(none found)"]
                )
            }
            router.get(entry.path, access: .anonymous) { request in
                guard let asset else {
                    throw Problem.notFound(.notFound, "The web page is not installed with this server.")
                }
                try asset.respond(to: request)
            }
        }
    }
}
