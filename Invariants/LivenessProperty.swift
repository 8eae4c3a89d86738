import Explorer
import GmemModel

/// A liveness property of the guest_memfd model: what is awaited happens
/// on every fair path (MODEL.md 3, weak fairness from `fairness`).
public struct LivenessProperty: Sendable {
  public let name: String
  /// A column heading of at most five characters (`verify`).
  public let short: String
  public let summary: String
  public let source: String
  /// States in which the awaited event is still awaited.
  public let waiting: @Sendable (GuestMemfd, GmemState) -> Bool
  /// A transition after which the awaited event can no longer happen.
  public let abandons: (@Sendable (GuestMemfd, GmemState, Step, GmemState) -> Bool)?
  /// What a lasso shows, in words, from the state the cycle starts in.
  public let explain: @Sendable (GuestMemfd, GmemState) -> String

  public func eventually(for model: GuestMemfd) -> Eventually<GmemState, Step> {
    let waiting = self.waiting
    let abandons = self.abandons
    return Eventually(
      name, waiting: { waiting(model, $0) },
      abandons: abandons.map { a in { a(model, $0, $1, $2) } })
  }

  public static let all: [LivenessProperty] = [.conversionCompletes, .requestAnswered, .eventuallyReconstituted]

  public static func named(_ name: String) -> LivenessProperty? { all.first { $0.name == name } }
}

/// Weak fairness as the engine takes it, from the model's configuration.
extension GuestMemfd {
  public var fairness: Fairness<Step> {
    let (names, classOf) = fairnessClasses
    return Fairness(classes: names, classOf: classOf)
  }
}
