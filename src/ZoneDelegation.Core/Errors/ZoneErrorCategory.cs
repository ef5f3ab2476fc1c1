namespace ZoneDelegation.Core.Errors;

/// <summary>
/// The categories Core errors use. Every member has the same name as a member of
/// System.Management.Automation.ErrorCategory, so the module maps them by name
/// (a module test asserts that each one exists there).
/// </summary>
public enum ZoneErrorCategory
{
    NotSpecified,
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    InvalidResult,
    ObjectNotFound,
    ResourceExists,
    ResourceUnavailable,
    ConnectionError,
    AuthenticationError,
    SecurityError,
    PermissionDenied,
    OperationTimeout,
    OperationStopped,
    ParserError,
    NotEnabled,
    NotImplemented,
    NotInstalled,
    DeviceError,
    LimitsExceeded,
}
