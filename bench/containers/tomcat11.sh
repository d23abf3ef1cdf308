# Tomcat 11: the same settings as Tomcat 10.1 (tomcat.sh), its own version and ports.

source bench/containers/tomcat.sh
LABEL="Tomcat $(pom_property tomcat11.version)"
PORT=21020

start() {
  tomcat_start "$(pom_property tomcat11.version)" "$PORT" $((PORT + 5))
}
