import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assessCommand, describeForConfirmation, isShellLanguage, shellKindOf, unreadableParts } from '../../src/core/incident/destructive';

// [text, language, destructive, reason pattern (when destructive), readable (default true)]
type Case = [text: string, language: string, destructive: boolean, reason?: RegExp, readable?: boolean];
const CASES: Case[] = [
  ['DELETE FROM users;', 'sql', true, /DELETE without WHERE.*users/],
  ['delete from users -- where id=1', 'sql', true, /DELETE without WHERE/],
  ['WITH d AS (SELECT 1) DELETE FROM t', 'sql', true, /DELETE without WHERE.*\bt\b/],
  ['redis-cli FLUSHALL ASYNC', 'bash', true, /FLUSHALL/],
  ['DELETE FROM users WHERE id = 1', 'sql', false],
  ["SELECT 'DROP TABLE x'", 'sql', false],
  // SQL
  ['DROP TABLE orders', 'postgresql', true, /DROP TABLE/],
  ['drop database shop;', 'mysql', true, /DROP DATABASE/],
  ['DROP SCHEMA app CASCADE', 'sql', true, /DROP SCHEMA/],
  ['DROP INDEX CONCURRENTLY idx_a', 'sql', true, /DROP INDEX/],
  ['TRUNCATE sessions', 'sql', true, /TRUNCATE.*sessions/],
  ['TRUNCATE TABLE public.sessions RESTART IDENTITY', 'sql', true, /public\.sessions/],
  ['UPDATE users SET active = false', 'sql', true, /UPDATE without WHERE/],
  ['UPDATE users SET active = false WHERE id = 7', 'sql', false],
  ['UPDATE t SET a = 1 WHERE 1 = 1', 'sql', true, /always-true WHERE/],
  ['DELETE FROM t WHERE true', 'sql', true, /always-true/],
  ['/* DELETE FROM users; */ SELECT 1', 'sql', false],
  ['SELECT 1; DELETE FROM audit', 'sql', true, /audit/],
  ['SELECT * FROM t FOR UPDATE', 'sql', false],
  ['CREATE TABLE a (b int REFERENCES c ON DELETE CASCADE ON UPDATE CASCADE)', 'sql', false],
  ['GRANT SELECT, UPDATE, DELETE ON t TO app', 'sql', false],
  ['INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET a = 2', 'sql', false],
  ['WITH gone AS (DELETE FROM t RETURNING *) SELECT count(*) FROM gone', 'sql', true, /DELETE without WHERE/],
  ['WITH gone AS (DELETE FROM t WHERE id < 10 RETURNING *) SELECT * FROM gone', 'sql', false],
  ['DELETE FROM t WHERE id IN (SELECT id FROM u)', 'sql', false],
  ['DELETE FROM t USING (SELECT 1 WHERE false) x', 'sql', true, /DELETE without WHERE/],
  ['ALTER TABLE t DROP COLUMN legacy', 'sql', true, /DROP COLUMN/],
  ['ALTER TABLE t DROP legacy', 'sql', true, /DROP COLUMN/],
  ['ALTER TABLE t ALTER COLUMN c DROP DEFAULT', 'sql', false],
  ['ALTER TABLE t ALTER COLUMN c DROP NOT NULL', 'sql', false],
  ['DO $$ BEGIN DELETE FROM t; END $$', 'sql', true, /DELETE without WHERE/], // a DO block runs at once
  ['SELECT "DELETE" FROM t', 'postgresql', false],
  ['EXPLAIN ANALYZE DELETE FROM t', 'sql', true, /DELETE/],
  // Redis
  ['FLUSHDB', 'redis', true, /FLUSHDB/],
  ['flushall async', 'redis', true, /FLUSHALL/],
  ['DEL sess:1 sess:2', 'redis', true, /DEL deletes keys: sess:1 sess:2/],
  ['UNLINK big-key', 'redis', true, /UNLINK/],
  ['KEYS *', 'redis', true, /blocks the server/],
  ['CONFIG SET maxmemory-policy allkeys-lru', 'redis', true, /maxmemory-policy/],
  ['CONFIG GET maxmemory-policy', 'redis', false],
  ['TTL spring:session:sessions:abc', 'redis', false],
  ['SCAN 0 MATCH sess:* COUNT 100', 'redis', false],
  ['# FLUSHALL\nINFO memory', 'redis', false],
  ['127.0.0.1:6379> FLUSHALL', 'redis', true, /FLUSHALL/],
  ['REPLICAOF NO ONE', 'redis', false],
  ['REPLICAOF 10.0.0.1 6379', 'redis', true, /replica/],
  // Shell
  ['rm -rf /var/lib/app', 'bash', true, /rm -rf/],
  ['rm -fr build', 'sh', true, /rm -rf/],
  ['rm -r -f build', 'shell', true, /rm -rf/],
  ['rm --recursive --force build', 'zsh', true, /rm -rf/],
  ['rm -Rf x', '', true, /rm -rf/],
  ['rm -r old-dir', 'bash', true, /rm -r /],
  ['rm app.log', 'bash', false],
  ['echo "rm -rf /"', 'bash', false],
  ["echo 'kubectl delete ns prod'", 'bash', false],
  ['ls -la # ; rm -rf /', 'bash', false],
  ['echo $(rm -rf /tmp/x)', 'bash', true, /rm -rf/],
  ['echo "today: `rm -rf /tmp/x`"', 'bash', true, /rm -rf/],
  ['sudo -u root rm -rf /srv', 'bash', true, /rm -rf/],
  ['kubectl delete pod api-0 -n prod', 'bash', true, /kubectl delete/],
  ['kubectl -n prod --context eu delete deploy api', 'console', true, /kubectl delete/],
  ['kubectl get pods -n prod', 'bash', false],
  ['kubectl drain node-1 --ignore-daemonsets', 'bash', true, /drain/],
  ['kubectl scale deploy api --replicas=0', 'bash', true, /replicas=0/],
  ['kubectl scale deploy api --replicas=3', 'bash', false],
  ['kubectl exec -it redis-0 -- redis-cli FLUSHDB', 'bash', true, /FLUSHDB/],
  ['helm uninstall api -n prod', 'bash', true, /helm uninstall/],
  ['helm status api', 'bash', false],
  ['docker system prune -af', 'bash', true, /prune/],
  ['docker volume rm pgdata', 'bash', true, /volume rm/],
  ['docker exec -it -u redis cache redis-cli FLUSHALL', 'bash', true, /FLUSHALL/],
  ['docker ps', 'bash', false],
  ['terraform destroy -auto-approve', 'bash', true, /terraform destroy/],
  ['terraform plan', 'bash', false],
  ['dd if=/dev/zero of=/dev/sda bs=1M', 'bash', true, /of=\/dev\/sda/],
  ['dd if=/dev/zero of=/tmp/file bs=1M count=1', 'bash', false],
  ['mkfs.ext4 /dev/nvme0n1', 'bash', true, /mkfs/],
  ['git push --force origin main', 'bash', true, /force/],
  ['git push -f', 'bash', true, /force/],
  ['git push origin main', 'bash', false],
  ['git reset --hard HEAD~1', 'bash', true, /reset --hard/],
  ['redis-cli -h cache.internal -p 6379 -n 2 FLUSHDB', 'bash', true, /FLUSHDB/],
  ['redis-cli -h cache -a "$REDIS_PASSWORD" TTL "spring:session:sessions:$ID"', 'bash', false],
  ["redis-cli --scan --pattern 'spring:session:*' | xargs -n 100 redis-cli DEL", 'bash', true, /DEL/],
  ['redis-cli --scan --pattern "sess:*" | head', 'bash', false],
  ["redis-cli KEYS '*'", 'bash', true, /KEYS/],
  ['redis-cli INFO memory', 'bash', false],
  ['psql "$DATABASE_URL" -c "DROP TABLE sessions"', 'bash', true, /DROP TABLE/],
  ['psql -c "SELECT count(*) FROM sessions"', 'bash', false],
  ["psql -c \"SELECT 'DROP TABLE x'\"", 'bash', false],
  ['psql --command="TRUNCATE jobs"', 'bash', true, /TRUNCATE/],
  ['mysql -u root -e "DELETE FROM sessions"', 'bash', true, /DELETE without WHERE/],
  ["mysql -e 'DELETE FROM sessions WHERE expired = 1'", 'bash', false],
  ['psql "$DB" <<SQL\nBEGIN;\nDELETE FROM jobs;\nCOMMIT;\nSQL\n', 'bash', true, /DELETE without WHERE/],
  ['psql "$DB" <<SQL\nSELECT 1;\nSQL\necho done', 'bash', false],
  ['psql <<< "DROP TABLE x"', 'bash', true, /DROP TABLE/],
  ["ssh db-1 'sudo systemctl stop postgresql'", 'bash', true, /systemctl stop/],
  ['systemctl restart nginx', 'bash', false],
  ['systemctl stop nginx', 'bash', true, /systemctl stop/],
  ['kill -9 1234', 'bash', true, /kill -9/],
  ['kill -s KILL 1234', 'bash', true, /kill -9/],
  ['kill -HUP 1234', 'bash', false],
  ["bash -c 'rm -rf /opt/app'", 'bash', true, /rm -rf/],
  ['find /var/log -name "*.gz" -mtime +7 -delete', 'bash', true, /find -delete/],
  ['find /tmp -name x -exec rm -rf {} +', 'bash', true, /rm -rf/],
  ['find /var/log -size +1G', 'bash', false],
  ['curl -X DELETE https://api/x', 'bash', true, /DELETE/],
  ['curl -s https://api/health', 'bash', false],
  ['aws rds delete-db-instance --db-instance-identifier x', 'bash', true, /aws/],
  ['cat /proc/meminfo > /dev/sda', 'bash', true, /overwrites the disk/],
  ['journalctl -u app > /tmp/app.log 2>&1', 'bash', false],
  ['grep -c ERROR app.log', 'text', false],
  ['FOO=1 rm -rf x', 'bash', true, /rm -rf/],
  ['rm -rf \\\n  /var/lib/app', 'bash', true, /rm -rf/],

  // Issue 11's list of misses.
  ['docker compose exec redis redis-cli FLUSHALL', 'bash', true, /FLUSHALL deletes every key/],
  ['psql -tAc "DROP TABLE users"', 'bash', true, /DROP TABLE/],
  ['echo FLUSHALL | redis-cli', 'bash', true, /FLUSHALL/],
  ['kubectl -n prod delete deploy api', 'bash', true, /kubectl delete deletes deploy api in namespace prod/],
  ['helm -n prod uninstall api', 'bash', true, /helm uninstall deletes the release api/],
  ['git -C /srv/app reset --hard', 'bash', true, /reset --hard/],
  ['rabbitmqctl purge_queue orders', 'bash', true, /every message in the queue orders/],
  ['kafka-consumer-groups --bootstrap-server b:9092 --group billing --reset-offsets --to-earliest --topic t --execute', 'bash', true, /offsets of billing/],
  [': > /var/log/app.log', 'bash', true, /empties \/var\/log\/app.log/],
  ["psql -c \"SELECT pg_drop_replication_slot('standby_1')\"", 'bash', true, /replication slot/],
  ['mysql -e "PURGE BINARY LOGS BEFORE NOW()"', 'bash', true, /binary logs/i],
  ["psql -c 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = $$idle$$'", 'bash', true, /pg_terminate_backend disconnects/],
  ['eval "rm -rf /var/lib/app"', 'bash', true, /rm -rf deletes \/var\/lib\/app/],
  ['{ rm -rf /tmp/x; }', 'bash', true, /rm -rf/],
  ['cat <(rm -rf /tmp/x)', 'bash', true, /rm -rf/],
  ["$'rm' -rf /tmp/x", 'bash', true, /rm -rf/],
  ["$'\\x72\\x6d' -rf /tmp/x", 'bash', true, /rm -rf/],
  ['"r"m -rf /tmp/x', 'bash', true, /rm -rf/],
  ['r\\m -rf /tmp/x', 'bash', true, /rm -rf/],
  ['rm --recur /tmp/x', 'bash', true, /rm -r deletes/],
  ['rm --r /tmp/x', 'bash', true, /rm -r deletes/],
  ['sudo --user root rm -rf /srv/x', 'bash', true, /rm -rf/],
  ['doas -u root rm -rf /srv/x', 'bash', true, /rm -rf/],
  ['busybox rm -rf /srv/x', 'bash', true, /rm -rf/],
  ['/*!50000 DROP TABLE t */', 'mysql', true, /DROP TABLE/],
  ['mysql -e "/*!50000 DROP TABLE t */"', 'bash', true, /DROP TABLE/],
  ['DO $$ BEGIN DROP TABLE t; END $$', 'sql', true, /DROP TABLE/],
  ["DELETE FROM sessions WHERE 'a'='a'", 'sql', true, /always-true WHERE deletes every row of sessions/],
  ['redis-cli --cluster call 10.0.0.1:6379 FLUSHALL', 'bash', true, /FLUSHALL/],
  ['EVAL "redis.call(\'flushall\')" 0', 'redis', true, /Lua script calls FLUSHALL/],
  ['redis-cli EVAL "return redis.call(\'DEL\', KEYS[1])" 1 sess:1', 'bash', true, /calls DEL/],
  // Shell grammar: every place a command can hide.
  ['(cd /srv && rm -rf build)', 'bash', true, /rm -rf deletes build/],
  ['echo `rm -rf /tmp/x`', 'bash', true, /rm -rf/],
  ['echo $(echo $(echo $(rm -rf /tmp/x)))', 'bash', true, /rm -rf/],
  ['[[ -d /tmp/x ]] && rm -rf /tmp/x', 'bash', true, /rm -rf/],
  ['test -d /tmp/x || rm -rf /tmp/x', 'bash', true, /rm -rf/],
  ['for ((i = 0; i < 3; i++)); do rm -rf /tmp/x$i; done', 'bash', true, /rm -rf/],
  ['for f in /tmp/a /tmp/b; do rm -r "$f"; done', 'bash', true, /rm -r /],
  ['while read -r d; do rm -rf "$d"; done < dirs.txt', 'bash', true, /rm -rf/],
  ['cleanup() { rm -rf /tmp/x; }; cleanup', 'bash', true, /rm -rf/],
  ['if [ -f /tmp/lock ]; then rm -rf /tmp/cache; fi', 'bash', true, /rm -rf/],
  ['case "$1" in wipe) rm -rf /tmp/x;; esac', 'bash', true, /rm -rf/],
  ['export X=$(rm -rf /tmp/x)', 'bash', true, /rm -rf/],
  ['diff <(ls a) <(ls b)', 'bash', false],
  ['(( count > 3 )) && echo many', 'bash', false],
  ['ls; echo done', 'bash', false],
  ['nohup ./server >/dev/null 2>&1 &', 'bash', false],
  // Wrappers.
  ['sudo -u postgres -E psql -c "DROP DATABASE shop"', 'bash', true, /DROP DATABASE/],
  ['sudo -i rm -rf /srv/x', 'bash', true, /rm -rf/],
  ['env -i PATH=/bin FOO=1 rm -rf /srv/x', 'bash', true, /rm -rf/],
  ['env -u HOME rm -rf /srv/x', 'bash', true, /rm -rf/],
  ['nice -n 10 ionice -c3 rm -rf /srv/x', 'bash', true, /rm -rf/],
  ['timeout -s KILL 30 rm -rf /srv/x', 'bash', true, /rm -rf/],
  ['time rm -rf /srv/x', 'bash', true, /rm -rf/],
  ['command rm -rf /srv/x', 'bash', true, /rm -rf/],
  ['exec rm -rf /srv/x', 'bash', true, /rm -rf/],
  ['find /srv -name "*.tmp" -print0 | xargs -0 -n 10 rm -rf', 'bash', true, /rm -rf/],
  ['ls | xargs -I{} kubectl delete pod {}', 'bash', true, /kubectl delete/],
  ["sh -c 'rm -rf /opt/app'", 'bash', true, /rm -rf/],
  ["zsh -ec 'redis-cli FLUSHDB'", 'bash', true, /FLUSHDB/],
  ["bash -lc 'kubectl delete ns staging'", 'bash', true, /kubectl delete deletes ns staging/],
  ["ssh -i ~/.ssh/key -p 2222 -o StrictHostKeyChecking=no db-1 'sudo -u postgres psql -c \"TRUNCATE jobs\"'", 'bash', true, /TRUNCATE deletes every row of jobs/],
  ['ssh web-1 sudo rm -rf /var/www/old', 'bash', true, /rm -rf/],
  ['ssh db-1 <<EOF\nsudo systemctl stop postgresql\nEOF', 'bash', true, /systemctl stop/],
  ['ssh db-1 uptime', 'bash', false],
  ['kubectl exec -n prod -it redis-0 -c redis -- redis-cli -n 2 FLUSHDB', 'bash', true, /FLUSHDB/],
  ["kubectl exec deploy/api -- sh -c 'rm -rf /data/*'", 'bash', true, /rm -rf/],
  ['kubectl exec -it redis-0 -- redis-cli INFO memory', 'bash', false],
  ['docker exec -i pg psql -U app <<SQL\nDELETE FROM jobs;\nSQL', 'bash', true, /DELETE without WHERE/],
  ['docker-compose exec -T db mysql -e "DROP DATABASE app"', 'bash', true, /DROP DATABASE/],
  ['docker compose -f prod.yml exec -u redis cache redis-cli FLUSHALL', 'bash', true, /FLUSHALL/],
  ['podman exec -it cache valkey-cli FLUSHDB', 'bash', true, /FLUSHDB/],
  ['docker run --rm -v /srv:/srv alpine rm -rf /srv/data', 'bash', true, /rm -rf/],
  ['watch -n 5 "redis-cli FLUSHALL"', 'bash', true, /FLUSHALL/],
  ['flock -n /tmp/lock -c "rm -rf /tmp/x"', 'bash', true, /rm -rf/],
  // Clients and their inputs.
  ["redis-cli -n 2 FLUSHDB", 'bash', true, /FLUSHDB/],
  ["redis-cli shutdown", 'bash', true, /SHUTDOWN stops/],
  ["printf 'FLUSHDB\\n' | redis-cli -h cache", 'bash', true, /FLUSHDB/],
  ['redis-cli <<< "DEL sess:1"', 'bash', true, /DEL deletes keys: sess:1/],
  ['redis-cli --scan --pattern "sess:*"', 'bash', false],
  ['redis-cli CLUSTER RESET HARD', 'bash', true, /CLUSTER RESET/],
  ['redis-cli SCRIPT FLUSH', 'bash', true, /SCRIPT FLUSH/],
  ['redis-cli CONFIG SET maxmemory-policy allkeys-lru', 'bash', true, /maxmemory-policy/],
  ['redis-cli CLIENT LIST', 'bash', false],
  ['cat keys.txt | redis-cli', 'bash', false, undefined, false],
  ['mysql app < dump.sql', 'bash', false, undefined, false],
  ['psql -f fix.sql', 'bash', false, undefined, false],
  ['psql -v ON_ERROR_STOP=1 -X -tA -c "SELECT 1"', 'bash', false],
  ['psql -c "SELECT pg_cancel_backend(123)"', 'bash', false],
  ['mysql -u root -p -e "KILL 42"', 'bash', true, /KILL disconnects/],
  ['mysql -e "KILL QUERY 42"', 'bash', false],
  ['mysql --execute="RESET MASTER"', 'bash', true, /RESET MASTER/],
  ['mariadb -e "STOP REPLICA; RESET REPLICA ALL"', 'bash', true, /RESET REPLICA/],
  ['psql <<\'SQL\'\n\\! rm -rf /tmp/x\nSQL', 'bash', true, /rm -rf/],
  ['sqlite3 app.db "DELETE FROM cache"', 'bash', true, /DELETE without WHERE/],
  ['cat <<EOF | psql\nDROP TABLE t;\nEOF', 'bash', true, /DROP TABLE/],
  ['mongosh --eval "db.sessions.deleteMany({})"', 'bash', true, /deletes documents/],
  // Families.
  ['rm -rf /', 'bash', true, /whole file system/],
  ['rm -rf --no-preserve-root /', 'bash', true, /no-preserve-root/],
  ['rm *.log', 'bash', true, /every file matching \*.log/],
  ['rm -f /var/run/app.pid', 'bash', false],
  ['find /var/tmp -type f -mtime +30 -exec rm {} \\;', 'bash', false],
  ['find / -name core -exec rm -rf {} +', 'bash', true, /rm -rf deletes each file found/],
  ['truncate -s 0 /var/log/syslog', 'bash', true, /truncate cuts \/var\/log\/syslog to 0/],
  ['truncate -s +1G disk.img', 'bash', false],
  ['shred -u secrets.txt', 'bash', true, /shred/],
  ['wipefs -a /dev/sdb', 'bash', true, /wipefs/],
  ['mkfs -t ext4 /dev/sdb1', 'bash', true, /formats/],
  ['dd if=disk.img of=/dev/nvme0n1 bs=4M', 'bash', true, /overwrites the device/],
  ['dd if=/dev/urandom of=/dev/null count=1', 'bash', false],
  ['> /var/log/nginx/access.log', 'bash', true, /empties/],
  ['cat /dev/null > /var/log/app.log', 'bash', true, /empties/],
  ['echo started >> /var/log/ops.log', 'bash', false],
  ['chmod -R 777 /', 'bash', true, /chmod -R on \//],
  ['chown -R app:app /srv/app', 'bash', false],
  ['mv app.log app.log.1', 'bash', false],
  ['kubectl drain node-7 --ignore-daemonsets --delete-emptydir-data', 'bash', true, /evicts every pod from node node-7/],
  ['kubectl cordon node-7', 'bash', false],
  ['kubectl rollout restart deploy/api -n prod', 'bash', false],
  ['kubectl scale --replicas 0 deploy/api', 'bash', true, /replicas=0/],
  ['kubectl replace --force -f pod.yaml', 'bash', true, /replace --force/],
  ['kubectl apply -f k8s/ --prune -l app=api', 'bash', true, /--prune/],
  ['kubectl delete pod api-0 --dry-run=client', 'bash', false],
  ['kubectl delete pod api-0 --dry-run=none', 'bash', true, /kubectl delete/],
  ['kubectl patch deploy api -p \'{"spec":{"replicas":2}}\'', 'bash', false],
  ['oc delete project demo', 'bash', true, /oc delete/],
  ['helm delete api', 'bash', true, /helm uninstall/],
  ['helm uninstall api --dry-run', 'bash', false],
  ['helm list -n prod', 'bash', false],
  ['helm rollback api 3', 'bash', false],
  ['docker rm -f web', 'bash', true, /docker rm deletes the container web, stopping it first/],
  ['docker rmi nginx:1.25', 'bash', true, /rmi deletes the image nginx:1.25/],
  ['docker image prune -a', 'bash', true, /prune/],
  ['docker container prune -f', 'bash', true, /stopped container/],
  ['docker kill web', 'bash', true, /SIGKILL/],
  ['docker compose down -v', 'bash', true, /deletes its volumes/],
  ['docker logs -f web', 'bash', false],
  ['git clean -fdx', 'bash', true, /untracked files and folders, ignored ones included/],
  ['git clean -n -d', 'bash', false],
  ['git push --force-with-lease origin main', 'bash', true, /force/],
  ['git push origin +main', 'bash', true, /force/],
  ['git push origin --delete feature', 'bash', true, /deletes the remote branch/],
  ['git branch -D feature', 'bash', true, /branch -D/],
  ['git branch -d feature', 'bash', false],
  ['git checkout -- .', 'bash', true, /discards uncommitted changes/],
  ['git checkout main', 'bash', false],
  ['git restore src/app.ts', 'bash', true, /git restore/],
  ['git restore --staged src/app.ts', 'bash', false],
  ['git stash drop', 'bash', true, /stash drop/],
  ['git stash clear', 'bash', true, /every stash/],
  ['git filter-branch --tree-filter "rm -f x" HEAD', 'bash', true, /rewrites the whole history/],
  ['git reset --soft HEAD~1', 'bash', false],
  ['git log --oneline -5', 'bash', false],
  ['terraform apply -destroy -auto-approve', 'bash', true, /apply -destroy/],
  ['terraform apply -auto-approve', 'bash', true, /without showing the plan/],
  ['terraform apply', 'bash', false],
  ['terraform plan -destroy', 'bash', false],
  ['terraform -chdir=infra state rm aws_instance.web', 'bash', true, /state rm/],
  ['terraform taint aws_instance.web', 'bash', false],
  ['tofu destroy', 'bash', true, /tofu destroy/],
  ['aws ec2 terminate-instances --instance-ids i-123', 'bash', true, /terminates/],
  ['aws ec2 terminate-instances --instance-ids i-123 --dry-run', 'bash', false],
  ['aws s3 rm s3://bucket/logs --recursive', 'bash', true, /every object under it/],
  ['aws s3 rb s3://bucket --force', 'bash', true, /every object in it/],
  ['aws s3 ls s3://bucket', 'bash', false],
  ['aws --region eu-west-1 rds delete-db-instance --db-instance-identifier db1 --skip-final-snapshot', 'bash', true, /rds delete-db-instance/],
  ['gcloud compute instances delete vm-1 --zone europe-west1-b', 'bash', true, /gcloud compute instances delete/],
  ['gcloud compute instances list', 'bash', false],
  ['az group delete --name rg-prod --yes', 'bash', true, /az group delete/],
  ['kafka-topics.sh --bootstrap-server b:9092 --delete --topic orders', 'bash', true, /topic orders/],
  ['kafka-topics --bootstrap-server b:9092 --describe --topic orders', 'bash', false],
  ['kafka-consumer-groups --bootstrap-server b:9092 --group g --reset-offsets --to-latest --topic t --dry-run', 'bash', false],
  ['kafka-consumer-groups --bootstrap-server b:9092 --group g --reset-offsets --to-latest --topic t', 'bash', false],
  ['kafka-consumer-groups --bootstrap-server b:9092 --delete --group g', 'bash', true, /deletes the consumer group g/],
  ['kafka-delete-records --bootstrap-server b:9092 --offset-json-file o.json', 'bash', true, /kafka-delete-records/],
  ['rabbitmqctl -p /prod delete_queue orders', 'bash', true, /delete_queue deletes the queue orders \(vhost \/prod\)/],
  ['rabbitmqctl force_reset', 'bash', true, /wipes the node/],
  ['rabbitmqctl list_queues name messages', 'bash', false],
  ['rabbitmqadmin purge queue name=orders', 'bash', true, /rabbitmqadmin purge/],
  ['systemctl stop postgresql', 'bash', true, /stops postgresql/],
  ['systemctl status postgresql', 'bash', false],
  ['pkill -f worker', 'bash', true, /pkill/],
  ['killall -9 java', 'bash', true, /-9/],
  ['kill -TERM 4242', 'bash', false],
  ['iptables -F', 'bash', true, /firewall rule/],
  ['iptables -L -n', 'bash', false],
  ['crontab -r', 'bash', true, /every cron job/],
  ['crontab -l', 'bash', false],
  ['dropdb shop', 'bash', true, /dropdb deletes the database shop/],
  // Reading-only forms and mentions.
  ['printf "DROP TABLE x\\n"', 'bash', false],
  ['grep -n "DROP TABLE" migrations/*.sql', 'bash', false],
  ['# rm -rf /', 'bash', false],
  ['man rm', 'bash', false],
  ['which rm', 'bash', false],
  ['command -v rm', 'bash', false],
  ['rm --help', 'bash', false],
  ['kubectl delete --help', 'bash', false],
  ['psql -c "SELECT \'DROP TABLE users\' AS hint"', 'bash', false],
  ["SELECT 'DROP TABLE x; DELETE FROM y' AS s", 'sql', false],
  // Readability: where the effect is only known at run time.
  ['eval "$x"', 'bash', false, undefined, false],
  ['$cmd --all', 'bash', false, undefined, false],
  ['"$TOOL" delete pod x', 'bash', false, undefined, false],
  ['bash -c "$(curl -fsSL https://example.com/install.sh)"', 'bash', false, undefined, false],
  ['curl -fsSL https://example.com/install.sh | bash', 'bash', false, undefined, false],
  ['source ./env.sh', 'bash', false, undefined, false],
  ['kubectl $VERB pod api-0', 'bash', false, undefined, false],
  ['ssh db-1 < script.sh', 'bash', false, undefined, false],
  ['echo "unterminated', 'bash', false, undefined, false],
  ['echo "unterminated; rm -rf /srv', 'bash', true, /rm -rf/, false],
  ['redis-cli -h cache -a "$REDIS_PASSWORD" TTL "spring:session:sessions:$ID"', 'bash', false, undefined, true],
  ['kill -HUP "$(cat /run/nginx.pid)"', 'bash', false, undefined, true],
  // Other shells and languages.
  ['rm -rf /tmp/x', 'fish', true, /rm -rf/],
  ['ls -la; and echo ok', 'fish', false],
  ['echo (rm -rf /tmp/x)', 'fish', true, /rm -rf/, false],
  ['set -x PATH $PATH /opt/bin', 'fish', false, undefined, false],
  ['Remove-Item -Recurse -Force C:\\temp\\build', 'powershell', true, /Remove-Item -Recurse deletes C:\\temp\\build/],
  ['rm -r C:\\temp\\build', 'pwsh', true, /Remove-Item -Recurse/],
  ['Remove-Item C:\\temp\\old.log', 'powershell', false],
  ['Remove-Item -Recurse C:\\temp\\build -WhatIf', 'powershell', false],
  ['Get-Process | Where-Object CPU -gt 100', 'powershell', false],
  ['Stop-Service -Name W3SVC', 'powershell', true, /Stop-Service/],
  ['Invoke-Expression $cmd', 'powershell', false, undefined, false],
  ['kubectl delete pod api-0', 'powershell', true, /kubectl delete/],
  ['Remove-AzResourceGroup -Name rg-prod', 'ps1', true, /remove-azresourcegroup/i],
  ['kubectl delete ns prod', 'text', true, /kubectl delete/],
  ['public static void main(String[] a) {}', 'java', false, undefined, false],
];

describe('destructive-command classifier', () => {
  for (const [text, language, destructive, reason, readable = true] of CASES) {
    it(`${destructive ? 'flags' : 'passes'}${readable ? '' : ' (unreadable)'} ${JSON.stringify(text)} (${language || 'no language'})`, () => {
      const risk = assessCommand(text, language);
      assert.equal(risk.destructive, destructive, `reasons: ${risk.reasons.join('; ')}`);
      assert.equal(risk.reasons.length > 0, destructive);
      if (reason) assert.ok(risk.reasons.some((r) => reason.test(r)), `reasons: ${risk.reasons.join('; ')}`);
      assert.equal(risk.readable, readable, `unreadable parts: ${unreadableParts(text, language).join('; ')}`);
    });
  }

  it('has a table of at least 150 commands, destructive and safe', () => {
    assert.ok(CASES.length >= 150, `${CASES.length} cases`);
    assert.ok(CASES.filter((c) => c[2]).length >= 60);
    assert.ok(CASES.filter((c) => !c[2]).length >= 60);
  });

  it('counts every statement of a multi-statement input', () => {
    const r = assessCommand('DROP TABLE a; TRUNCATE b; SELECT 1;', 'sql');
    assert.equal(r.reasons.length, 2);
  });

  it('never hangs or throws on unterminated quotes, comments and parentheses', () => {
    for (const text of ['echo "unterminated', "psql -c 'DROP", '$(((((', '`', 'DELETE FROM t /* never closed', "SELECT '", 'cat <<EOF\nno end', 'bash -c "bash -c \\"bash -c rm\\""']) {
      for (const lang of ['bash', 'sql', 'redis']) assert.doesNotThrow(() => assessCommand(text, lang));
    }
  });
});

describe('hostile input', () => {
  const timed = (text: string, language = 'bash'): { risk: ReturnType<typeof assessCommand>; ms: number } => {
    const t0 = performance.now();
    const risk = assessCommand(text, language);
    return { risk, ms: performance.now() - t0 };
  };

  it('reads a 100 KB command conservatively and quickly', () => {
    const huge = `echo ${'a'.repeat(100_000)}; rm -rf /srv/data`;
    const { risk, ms } = timed(huge);
    assert.equal(risk.readable, false, 'not parsed: over the size limit');
    assert.equal(risk.destructive, true, 'the visible rm -rf still counts');
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
    assert.equal(timed(`echo ${'a'.repeat(100_000)}`).risk.destructive, false);
  });

  it('survives command substitutions nested 10,000 deep, and still sees what is inside', () => {
    const deep = `echo ${'$('.repeat(10_000)}rm -rf /x${')'.repeat(10_000)}`;
    const { risk, ms } = timed(deep);
    assert.equal(risk.readable, false);
    assert.equal(risk.destructive, true);
    assert.ok(ms < 2000, `${ms.toFixed(0)} ms`);
    // A moderate nesting is parsed and followed (`$($(x))` would run x's output: unreadable).
    assert.equal(assessCommand('echo $($(rm -rf /x))', 'bash').readable, false);
    let nested = 'rm -rf /x';
    for (let i = 0; i < 20; i++) nested = `echo "$(${nested})"`;
    const moderate = assessCommand(nested, 'bash');
    assert.equal(moderate.destructive, true);
    assert.equal(moderate.readable, true);
  });

  it('follows eval and bash -c to a fixed depth, then stops as unreadable', () => {
    let cmd = 'rm -rf /x';
    for (let i = 0; i < 12; i++) cmd = `eval ${JSON.stringify(cmd)}`;
    const risk = assessCommand(cmd, 'bash');
    assert.equal(risk.readable, false);
    const shallow = assessCommand('eval "eval \"rm -rf /x\""', 'bash');
    assert.equal(shallow.destructive, true);
    assert.equal(shallow.readable, true);
  });

  it('marks unbalanced quotes, brackets and heredocs unreadable, never throws', () => {
    for (const text of ['echo "unterminated', "psql -c 'DROP", '$(((((', '`', 'cat <<EOF\nno end', 'if true; then', '{ echo', 'echo )', 'bash -c "bash -c \\"bash -c rm\\""']) {
      for (const lang of ['bash', 'fish', 'powershell', 'text']) {
        const risk = assessCommand(text, lang);
        assert.equal(typeof risk.destructive, 'boolean');
      }
    }
    assert.equal(assessCommand("psql -c 'DROP TABLE t", 'bash').readable, false);
    assert.equal(assessCommand('if true; then', 'bash').readable, false);
  });

  it('handles NUL and control characters inside commands', () => {
    const risk = assessCommand('rm -rf /tmp/x\x00; echo \x1b[2J', 'bash');
    assert.equal(risk.destructive, true);
    assert.ok(risk.controlCharacters.includes('NUL (\\x00)'));
    for (let c = 0; c < 32; c++) assert.doesNotThrow(() => assessCommand(`ls ${String.fromCharCode(c)} x`, 'bash'));
    assert.doesNotThrow(() => assessCommand('\u202e\u2066 rm -rf /x', 'bash'));
  });

  it('does not leak the GopherJS globals into the host', () => {
    assessCommand('ls', 'bash');
    assert.notEqual(Error.stackTraceLimit, Infinity);
  });
});

describe('shell languages', () => {
  it('knows which languages a shell runs, and which shell', () => {
    for (const lang of ['bash', 'sh', 'shell', 'shellscript', 'zsh', 'ksh', 'dash', 'console', 'terminal', 'text', '', ' Bash ']) {
      assert.equal(shellKindOf(lang), 'posix', lang);
      assert.equal(isShellLanguage(lang), true, lang);
    }
    assert.equal(shellKindOf('fish'), 'fish');
    for (const lang of ['powershell', 'pwsh', 'ps1']) assert.equal(shellKindOf(lang), 'powershell', lang);
    for (const lang of ['sql', 'redis', 'java', 'properties', 'yaml', 'promql', 'crontab']) {
      assert.equal(shellKindOf(lang), undefined, lang);
      assert.equal(isShellLanguage(lang), false, lang);
    }
  });

  it('says why a command is not readable', () => {
    assert.deepEqual(unreadableParts('ls -la', 'bash'), []);
    assert.match(unreadableParts('$cmd x', 'bash').join(' '), /command name \$cmd is only known at run time/);
    assert.match(unreadableParts('psql -f fix.sql', 'bash').join(' '), /SQL file fix.sql/);
    assert.match(unreadableParts('echo "x', 'bash').join(' '), /cannot read it/);
  });
});

describe('multi-line text and control characters', () => {
  it('multiline means more than one non-empty line', () => {
    assert.equal(assessCommand('ls\n', 'bash').multiline, false);
    assert.equal(assessCommand('ls', 'bash').multiline, false);
    assert.equal(assessCommand('\n\nls\n\n', 'bash').multiline, false);
    assert.equal(assessCommand('ls\npwd', 'bash').multiline, true);
    assert.equal(assessCommand('rm -rf \\\n /x', 'bash').multiline, true);
  });

  it('names control characters; tab and newline are fine', () => {
    assert.deepEqual(assessCommand('ls\t-la\n', 'bash').controlCharacters, []);
    const names = assessCommand('ls\r\x1b[2K\x03\x00\x07\x08 \u202e \u2066 \u200f', 'bash').controlCharacters;
    assert.deepEqual(names, [
      'carriage return (\\r)',
      'escape (\\x1b)',
      'ETX (Ctrl-C, \\x03)',
      'NUL (\\x00)',
      'BEL (bell, \\x07)',
      'backspace (\\x08)',
      'right-to-left override (U+202E)',
      'left-to-right isolate (U+2066)',
      'right-to-left mark (U+200F)',
    ]);
  });

  it('shows the exact text escaped for the confirmation dialog', () => {
    assert.equal(describeForConfirmation('echo ok\r\x1b[31mrm -rf /\u202e\tx\n'), 'echo ok\\r\\x1b[31mrm -rf /\\u202e\tx\n');
    assert.equal(describeForConfirmation('plain text'), 'plain text');
  });
});
