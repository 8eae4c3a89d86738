import Explorer
import GmemModel

/// Every property a configuration can name in `expect` or `--property`:
/// the safety properties, deadlock, the liveness properties, in the order
/// reports list them.
public enum PropertyNames {
  public static let deadlock = BreadthFirstSearch<GuestMemfd>.deadlockName

  public static var all: [String] {
    Invariant.all.map(\.name) + [deadlock] + LivenessProperty.all.map(\.name)
  }

  /// A column heading of at most five characters.
  public static func short(_ name: String) -> String {
    Invariant.named(name)?.short ?? LivenessProperty.named(name)?.short ?? "Dead"
  }

  /// The verdict `config` expects for a property: as written in `expect`,
  /// else pass (a design is expected to keep every property).
  public static func expected(_ name: String, in config: ModelConfig) -> ExpectedVerdict.Verdict {
    config.expectations.last { $0.property == name }?.verdict ?? .pass
  }
}

extension Invariant {
  /// Checks a configuration's `expect` against the properties: each name
  /// must be a property, and one that is checked for this configuration.
  /// O(expectations × properties).
  public static func validateExpectations(of config: ModelConfig, source: String)
    throws(ConfigError)
  {
    for e in config.expectations {
      let at = ConfigError.Location(e.position == nil ? "--set expect" : source, e.position)
      guard PropertyNames.all.contains(e.property) else {
        throw .unknownProperty(
          at, name: e.property, suggestion: nearestName(to: e.property, in: PropertyNames.all))
      }
      if let reason = named(e.property)?.notApplicable(config) {
        throw .inapplicableExpectation(at, name: e.property, reason: reason)
      }
    }
  }

}
