using PhotoSettings.Emulator.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPhotoSettingsEmulator();

var app = builder.Build();
app.UsePhotoSettingsEmulator();
app.Run();
