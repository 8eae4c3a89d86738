import GmemModel

extension Invariant {
  /// Checks a configuration's `expect` against the properties: each name
  /// must be a property, and one that is checked for this configuration.
  /// O(expectations × properties).
  public static func validateExpectations(of config: ModelConfig, source: String)
    throws(ConfigError)
  {
    for e in config.expectations {
      let at = ConfigError.Location(e.position == nil ? "--set expect" : source, e.position)
      guard let invariant = named(e.property) else {
        throw .unknownProperty(
          at, name: e.property, suggestion: nearestName(to: e.property, in: all.map(\.name)))
      }
      if let reason = invariant.notApplicable(config) {
        throw .inapplicableExpectation(at, name: e.property, reason: reason)
      }
    }
  }

  /// The verdict `config` expects for this property: as written in
  /// `expect`, else pass (a design is expected to keep every property).
  public func expected(in config: ModelConfig) -> ExpectedVerdict.Verdict {
    config.expectations.last { $0.property == name }?.verdict ?? .pass
  }
}
