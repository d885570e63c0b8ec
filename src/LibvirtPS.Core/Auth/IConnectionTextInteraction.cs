namespace LibvirtPS.Core.Auth
{
    /// <summary>
    /// Optional companion of <see cref="IConnectionInteraction"/> for answers that may be echoed (a SASL
    /// authentication name, a realm). Interactions without it are asked through <see cref="IConnectionInteraction.AskSecret"/>.
    /// </summary>
    public interface IConnectionTextInteraction
    {
        /// <summary>Asks for a line of text; null when the user declined.</summary>
        string? AskText(string prompt);
    }
}
