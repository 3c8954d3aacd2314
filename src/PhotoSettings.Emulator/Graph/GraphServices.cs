namespace PhotoSettings.Emulator.Graph;

public static class GraphServices
{
    /// <summary>Graph's conventions: the route catalogue the fallback reads, and the Graph OpenAPI document's names.</summary>
    public static IServiceCollection AddGraphConventions(this IServiceCollection services)
    {
        services.AddSingleton<RouteCatalog>();
        services.AddOpenApi(OpenApiDocuments.Graph, o => o.CreateSchemaReferenceId = GraphSchemaNames.For);
        return services;
    }
}
