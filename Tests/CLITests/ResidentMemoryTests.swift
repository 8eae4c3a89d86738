import Testing

@testable import gmemcheck

/// The peak RSS line of `check` and `bench` reads /proc/self/status, whose
/// numbers the kernel pads to eight places: a peak of 10 GB or more has
/// no space after the tab (an F = 2 every-size run printed "peak RSS 0.0
/// MB" at 13 GB).
@Suite struct ResidentMemoryTests {
  let status = """
    Name:\tgmemcheck
    VmPeak:\t13006172 kB
    VmHWM:\t12789888 kB
    VmRSS:\t  107000 kB
    Threads:\t3
    """

  @Test func aPaddedValueIsRead() {
    #expect(kilobytesField("VmRSS", in: status) == 107_000)
  }

  @Test func anEightDigitValueWithNoSpaceIsRead() {
    #expect(kilobytesField("VmHWM", in: status) == 12_789_888)
    #expect(kilobytesField("VmPeak", in: status) == 13_006_172)
  }

  @Test func aMissingFieldIsNil() {
    #expect(kilobytesField("VmSwap", in: status) == nil)
    #expect(kilobytesField("VmHW", in: status) == nil)
  }

  @Test func thisProcessHasAPeak() {
    #expect((peakResidentBytes() ?? 0) > 0)
  }
}
