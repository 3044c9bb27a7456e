using Hourglass.Alerts;

namespace Hourglass.Tests.Alerts;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void Sign_StandardWebhooksReferenceVector_Matches()
    {
        var key = WebhookSignature.KeyFrom("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")!;

        var signature = WebhookSignature.Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Theory]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    public void KeyFrom_NotAWhsecSecret_IsNull(string secret) => Assert.Null(WebhookSignature.KeyFrom(secret));

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(4, 80)]
    [InlineData(9, 900)]
    public void DeliveryBackoff_Doubles_UpToTheCap(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DeliveryBackoff.Delay(attempt, jitter: 0));

    [Fact]
    public void DeliveryBackoff_LastAttempt_GivesUp() => Assert.Null(DeliveryBackoff.Delay(DeliveryBackoff.MaxAttempts, jitter: 0));
}
