/// Every route group of the API, in registration order.
///
/// To add a group, write it in `Sources/API/Routes/<Name>Routes.swift` and add ONE line under the heading of your
/// area below (the blank line and headings keep parallel additions from conflicting in git merges).
public enum RouteGroups {
    public static let all: [any RouteGroup] = [
        // The frame (issue 3): health, the OpenAPI document, the web page, tokens.
        HealthRoutes(),
        OpenAPIRoutes(),
        WebRoutes(),
        TokenRoutes(),

        // Namespaces and content (issue 5): add groups below this line.
        NamespaceRoutes(), ContentRoutes(),

        // Backups and restores (issue 6): add groups below this line.
        BackupRoutes(),
        RestoreRoutes(),

        // Anything else: add groups below this line.

    ]
}
