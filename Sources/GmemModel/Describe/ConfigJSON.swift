extension ModelConfig {
  /// Every key with its value, in `ConfigKey.all` order.
  public var json: JSONValue {
    .object(
      ConfigKey.all.map { key in
        switch key.kind {
        case .integer: (key.name, .int(Int(key.value(in: self))!))
        case .boolean: (key.name, .bool(key.value(in: self) == "true"))
        case .choice: (key.name, .string(key.value(in: self)))
        case .list: (key.name, .array(key.names(in: self).map { .string($0) }))
        case .reasons:
          (
            key.name,
            .object(ActionKind.allCases.compactMap { k in unfired[k.name].map { (k.name, .string($0)) } })
          )
        case .verdicts:
          (key.name, .object(expectations.map { ($0.property, .string($0.verdict.rawValue)) }))
        }
      })
  }
}
