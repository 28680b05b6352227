// An OMS webhook receiver that unlocks features in the app when OMS grants a customer an endorsement (ReceiverApp.cs).
//
//   Oms__WebhookSecret=whsec_... dotnet run --project samples/Oms.Sdk.Samples.WebhookReceiver -- --urls http://127.0.0.1:5080
//
// Several receivers behind a load balancer share one Redis (each delivery is then handled once, whichever gets it):
//
//   ConnectionStrings__Redis=redis.internal:6379 Oms__WebhookSecret=whsec_... dotnet run --project samples/Oms.Sdk.Samples.WebhookReceiver
//
// Give OMS the URL http(s)://your.host/webhooks/oms; see what a customer has unlocked at GET /customers/{id}/features.
using Oms.Sdk.Samples.WebhookReceiver;

var app = ReceiverApp.Build(args);
app.Run();
