package dev.zklab.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zklab.kafka.KafkaBrokerTestResource;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole system as ./zklab up runs it: the five packaged services and a real broker. A run whose
 * cluster does not exist fails honestly with the first step's reason, and its cleanup steps still run.
 */
class SystemIT {

    @Test
    void aRunGoesThroughTheRealServices() {
        String bootstrap = KafkaBrokerTestResource.broker().bootstrapServers();
        List<PackagedService> services = new ArrayList<>();
        try {
            for (String module : List.of("provisioner", "deployer", "verifier", "drainer", "gateway")) {
                services.add(PackagedService.start(module, bootstrap));
            }
            PackagedService gateway = services.get(4);
            String id = RestAssured.given().baseUri(gateway.url()).contentType("application/json")
                    .body("{\"steps\": [\"deploy\", \"verify\", \"drain\"]}")
                    .post("/api/runs").then().statusCode(202).extract().path("id");

            await().atMost(Duration.ofSeconds(90)).until(() -> run(gateway, id).getString("state").equals("FAILED"));

            JsonPath run = run(gateway, id);
            // The deployer does its step; the run's local cluster was never provisioned (provision-cluster is not a step here).
            assertThat(run.getString("reason")).startsWith("step 01-deploy failed: no local cluster 'zklab-")
                    .contains("create it with 'localkube/localkube create zklab-");
            assertThat(run.getList("steps.id")).containsExactly("01-deploy", "02-verify", "03-drain", "04-uncordon", "05-teardown");
            assertThat(run.getList("steps.status")).containsExactly("FAILED", "SKIPPED", "SKIPPED", "FAILED", "FAILED");
            assertThat(run.getList("steps.reason")).contains("not implemented yet: uncordon", "not implemented yet: teardown");
            assertThat(RestAssured.given().baseUri(services.get(1).url()).get("/q/metrics").asString())
                    .contains("zklab_step_duration_seconds_count{outcome=\"failed\",service=\"deployer\",step=\"deploy\"}");
        } finally {
            services.forEach(PackagedService::close);
        }
    }

    private static JsonPath run(PackagedService gateway, String id) {
        return RestAssured.given().baseUri(gateway.url()).get("/api/runs/" + id).then().statusCode(200).extract().jsonPath();
    }
}
