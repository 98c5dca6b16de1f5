extension Array where Element == SDPAttribute {
    /// The first attribute value `extract` accepts, e.g. `attributes.first { if case .mid(let m) = $0 { m } else { nil } }`.
    public func first<T>(_ extract: (SDPAttribute.Value) -> T?) -> T? {
        for attribute in self {
            if let found = extract(attribute.value) { return found }
        }
        return nil
    }

    /// Every attribute value `extract` accepts, in order.
    public func all<T>(_ extract: (SDPAttribute.Value) -> T?) -> [T] {
        compactMap { extract($0.value) }
    }

    /// Whether an attribute equal to `value` is present (for flags such as `.rtcpMux`).
    public func contains(_ value: SDPAttribute.Value) -> Bool {
        contains { $0.value == value }
    }

    /// The attributes named `name`, typed or not.
    public func named(_ name: String) -> [SDPAttribute] {
        filter { $0.name == name }
    }
}
